/**
 * The command line's compiled bundle, beside the built main.js, and its content's SHA-256:
 * scripts/build.mjs replaces this module. Run from the source (tests, tsx) there is no bundle.
 */
export const COMPILED_BUNDLE: { file: string; sha256: string } | undefined = undefined;
