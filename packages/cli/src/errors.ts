/** Error codes the CLI itself reports, sorted alphabetically. */
export const CLI_ERROR_CODES = ['AQM_ERR_FRAMES_FAILED'] as const;
