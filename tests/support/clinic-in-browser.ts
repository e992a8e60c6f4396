import type { Browser, Page } from 'playwright'
import { runCli } from './processes'

/** Drives first run and People in a browser, and signs people in with CLI links, as the help article does. */
export async function setUpClinicInBrowser(browser: Browser, url: string, dataDir: string) {
  const admin = await (await browser.newContext({ bypassCSP: true })).newPage()
  await admin.goto(url)
  await admin.getByLabel('Clinic name', { exact: true }).fill('Harbour Clinic')
  await admin.getByLabel('Time zone', { exact: true }).selectOption('Europe/Paris')
  await admin.getByLabel('Your name', { exact: true }).fill('Ada Admin')
  await admin.getByLabel('Email', { exact: true }).fill('ada@harbour.example')
  await admin.getByLabel('Password', { exact: true }).fill('correct horse battery')
  await admin.getByRole('button', { name: 'Create clinic', exact: true }).click()
  await admin.waitForURL('**/messages')

  async function addPerson(name: string, email: string, role: 'Patient' | 'Clinician') {
    await admin.goto(`${url}/people`)
    await admin.getByLabel('Name', { exact: true }).fill(name)
    await admin.getByLabel('Email', { exact: true }).fill(email)
    await admin.getByLabel('Role', { exact: true }).selectOption({ label: role })
    await admin.getByRole('button', { name: 'Add person', exact: true }).click()
    await admin.getByText(`${name} was added`).waitFor()
  }

  return { admin, addPerson, signIn: (email: string, viewport?: Viewport, javaScript = true) => signIn(browser, url, dataDir, email, viewport, javaScript) }
}

type Viewport = { width: number; height: number }

/** Signs a person in with a one-time link from the operator CLI, in a browser context of their own. */
export async function signIn(browser: Browser, url: string, dataDir: string, email: string, viewport: Viewport = { width: 1200, height: 800 },
  javaScript = true): Promise<Page> {
  const link = (await runCli(dataDir, 'sign-in-link', email)).lines.at(-1)!
  const page = await (await browser.newContext({ bypassCSP: true, viewport, javaScriptEnabled: javaScript })).newPage()
  await page.goto(link.replace(/^http:\/\/localhost:3000/, url))
  const password = page.getByLabel('Choose a password', { exact: true })
  if (await password.count()) await password.fill('a long staff password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL('**/messages')
  return page
}

/** The host fills Create new Conversation with these participants' emails and opens it. */
export async function createConversationInBrowser(host: Page, subject: string, emails: string[]) {
  await host.getByRole('link', { name: 'Create new Conversation', exact: true }).click()
  await host.getByLabel('Subject', { exact: true }).fill(subject)
  for (const [i, email] of emails.entries()) {
    if (i > 0) await host.getByRole('button', { name: 'Add Participant', exact: true }).click()
    await host.getByLabel(`Participant ${i + 1}`, { exact: true }).fill(email)
  }
  await host.getByRole('button', { name: 'Create New Conversation', exact: true }).click()
  await host.waitForURL('**/conversations/*')
}

/** A set-up clinic with a clinician host and two patients, each signed in in a browser of their own. */
export async function aHostAndTwoPatients(stage: { browser: Browser; url: string; dataDir: string }) {
  const clinic = await setUpClinicInBrowser(stage.browser, stage.url, stage.dataDir)
  await clinic.addPerson('Hana Host', 'hana@clinic.example', 'Clinician')
  await clinic.addPerson('Pat One', 'pat1@mail.example', 'Patient')
  await clinic.addPerson('Pat Two', 'pat2@mail.example', 'Patient')
  const [host, pat1, pat2] = await Promise.all(['hana@clinic.example', 'pat1@mail.example', 'pat2@mail.example'].map((e) => clinic.signIn(e)))
  return { clinic, host: host!, pat1: pat1!, pat2: pat2! }
}
