import { z } from 'zod';

/** Jaeger's UI, for the services that link traces (audit search, the web console): one meaning wherever it is read. */
export const JaegerUrlSetting = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://localhost:16686' })
  .transform((url) => url.replace(/\/+$/, ''))
  .optional()
  .describe(
    "Jaeger's UI, e.g. `http://localhost:16686`: audit search results (`jaegerUrl`) and the web console's " +
      'audit entries and operations link to their trace.',
  );
