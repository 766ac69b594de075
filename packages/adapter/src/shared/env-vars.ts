/** A POSIX environment variable name: letters, digits and underscores, not starting with a digit. */
export const ENV_VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
