/** The project's error family: every error a user can see names what went wrong and how to fix it. */

export class EtlError extends Error {
  override name = 'EtlError' as string;
}

/** A configuration value is missing or invalid. */
export class ConfigError extends EtlError {
  override name = 'ConfigError' as const;
}

/** The Genesys API answered with an error that retries could not (or must not) get past. */
export class GenesysApiError extends EtlError {
  override name = 'GenesysApiError' as const;
  readonly status: number | undefined;
  readonly operation: string;
  readonly correlationId: string | undefined;
  readonly code: string | undefined;

  constructor(
    message: string,
    details: {
      status?: number | undefined;
      operation: string;
      correlationId?: string | undefined;
      code?: string | undefined;
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.status = details.status;
    this.operation = details.operation;
    this.correlationId = details.correlationId;
    this.code = details.code;
  }
}

/** An API response as a whole (not one record) does not have the shape we rely on. */
export class ResponseShapeError extends EtlError {
  override name = 'ResponseShapeError' as const;
}

/** An asynchronous Genesys job ended in FAILED, CANCELLED or EXPIRED, or never finished. */
export class JobError extends EtlError {
  override name = 'JobError' as const;
}

/** Staging or loading a file failed. */
export class LoadError extends EtlError {
  override name = 'LoadError' as const;
}

/** dbt exited with a failure. */
export class DbtError extends EtlError {
  override name = 'DbtError' as const;
}

/** The run was stopped on purpose (Ctrl-C, SIGTERM): finished windows are kept; the same command resumes. */
export class InterruptedError extends EtlError {
  override name = 'InterruptedError' as const;
}

/** Per window and stream, the records the API returned do not equal the rows loaded plus those quarantined. */
export class ReconciliationError extends EtlError {
  override name = 'ReconciliationError' as const;
}

/**
 * A detail job holds more results than the API pages through (400 "Pagination may not exceed
 * 400000 results"): its window must be extracted as smaller windows.
 */
export class ResultCapError extends EtlError {
  override name = 'ResultCapError' as const;
  /** The cap the API named. */
  readonly cap: number;
  /** Results paged before the API refused the next page. */
  readonly paged: number;
  /** conversationStart of the first and of the last result paged (results come by conversationStart), if any. */
  readonly first: string | undefined;
  readonly reached: string | undefined;

  constructor(
    message: string,
    details: { cap: number; paged: number; first: string | undefined; reached: string | undefined },
  ) {
    super(message);
    this.cap = details.cap;
    this.paged = details.paged;
    this.first = details.first;
    this.reached = details.reached;
  }
}

/**
 * An input file (finance's billing CSV) cannot be used as a whole: missing, not UTF-8, or not the
 * documented header. Nothing of it is loaded; fixing the file (not retrying) is the remedy.
 */
export class InputFileError extends EtlError {
  override name = 'InputFileError' as const;
}

/**
 * Another process (a scheduler, a run) holds the warehouse's lease: running now would put two
 * pipelines on one warehouse. Wait for it, or stop it; a killed holder's lease expires.
 */
export class LeaseHeldError extends EtlError {
  override name = 'LeaseHeldError' as const;
}
