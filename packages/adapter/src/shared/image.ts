/**
 * A container image reference: no whitespace or line breaks, because the adapter writes it into a
 * one-line Dockerfile (`FROM <image>`) and a line break would inject more instructions.
 */
export const IMAGE_REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]*$/;

/** Builds the Dockerfile that makes a sandbox from a container image. */
export function dockerfileFromImage(image: string): string {
  return `FROM ${image}`;
}
