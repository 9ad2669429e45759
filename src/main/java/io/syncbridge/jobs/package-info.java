/**
 * Large loads as jobs: a CSV or NDJSON upload of any size, streamed to a file, then stored chunk by
 * chunk through the sync path, each chunk in one transaction with the job's progress, so that a job
 * resumes exactly where it stopped; per-record results to fetch.
 */
package io.syncbridge.jobs;
