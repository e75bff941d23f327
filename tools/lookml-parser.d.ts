/** The part of lookml-parser (CommonJS, no bundled types) that tools/lookml-check.ts uses. */
declare module 'lookml-parser' {
  /** Parses one LookML file's text; throws an object whose String() is "Parse error@line,col ...". */
  export function parse(text: string): unknown;
  const lookmlParser: { parse: typeof parse };
  export default lookmlParser;
}
