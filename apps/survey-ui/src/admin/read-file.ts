/**
 * Reads an uploaded text file. Spreadsheet programs in Germany often save CSV as Windows-1252
 * rather than UTF-8, so a file that is not valid UTF-8 is read as Windows-1252 instead of
 * turning "ü" into "�".
 */
export async function readTextFile(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
