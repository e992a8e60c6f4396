import type { Chrome } from '../chrome'
import { Layout } from '../layout'

/** 403, 404 and the rest: a plain sentence, never a detail about someone else's data. */
export const ErrorPage = ({ chrome, title, message, back }: { chrome: Chrome; title: string; message: string; back?: string }) => (
  <Layout title={title} chrome={chrome}>
    <section class="card narrow">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>{back ? <a href={back}>Back to the page you came from</a> : <a href="/">Back to the start</a>}</p>
    </section>
  </Layout>
)
