const sizeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 })

/** 1,536 bytes → "1.5 KB". */
export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`
  return `${sizeFormat.format(bytes / 1024 / 1024)} MB`
}
