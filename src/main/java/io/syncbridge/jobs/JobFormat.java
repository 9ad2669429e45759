package io.syncbridge.jobs;

import java.util.Locale;
import org.springframework.http.MediaType;

/** The two forms a job's data may take; a job's uploads all share the first one's. */
enum JobFormat {
  CSV("text/csv"),
  NDJSON("application/x-ndjson");

  final MediaType mediaType;

  JobFormat(String mediaType) {
    this.mediaType = MediaType.parseMediaType(mediaType);
  }

  String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  static JobFormat of(MediaType contentType) {
    return contentType != null && CSV.mediaType.isCompatibleWith(contentType) ? CSV : NDJSON;
  }
}
