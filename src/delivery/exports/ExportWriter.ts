/** Writes one export's rows, batch after batch, to its sink: what each format implements. */
export interface ExportWriter<R> {
  /** The header (CSV), or the file's magic (Parquet). */
  begin(): Promise<void>;
  /** One batch of rows; resolves once the sink took them (back-pressure). */
  rows(batch: readonly R[]): Promise<void>;
  /** What ends the file (Parquet's footer); nothing for line formats. */
  end(): Promise<void>;
}

/** Where a writer's bytes go (`ResponseSink`). */
export interface ExportSink {
  write(chunk: string | Uint8Array): Promise<void>;
}
