/**
 * The oldest Node.js release the workspace supports, from the root package.json `engines.node`.
 * Tests pin the Prism versions that are known to run on it.
 */
export const MINIMUM_NODE_VERSION = '20.19';

/**
 * Throws when `version` (default: the running Node.js) is older than `MINIMUM_NODE_VERSION`, so
 * the Prism helpers stop early with one clear message on a Node.js the workspace does not support.
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  const found = parseMajorMinor(version);
  const required = parseMajorMinor(MINIMUM_NODE_VERSION);

  if (found === undefined || required === undefined) {
    throw new Error(
      `Invalid Node.js version "${version}": expected a version such as 20.19.0. @biroai/sandbox-testkit needs Node.js ${MINIMUM_NODE_VERSION} or newer.`,
    );
  }

  const isOlder =
    found.major < required.major ||
    (found.major === required.major && found.minor < required.minor);
  if (isOlder) {
    throw new Error(
      `@biroai/sandbox-testkit needs Node.js ${MINIMUM_NODE_VERSION} or newer, but found Node.js ${version}. Install Node.js ${MINIMUM_NODE_VERSION} or newer and run again.`,
    );
  }
}

function parseMajorMinor(version: string): { major: number; minor: number } | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (match === null) {
    return undefined;
  }
  return { major: Number(match[1]), minor: Number(match[2]) };
}
