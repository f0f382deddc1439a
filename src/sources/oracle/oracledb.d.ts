// node-oracledb ships no type declarations; the driver describes the part it uses (OracleLib in driver.ts).
declare module 'oracledb' {
  const oracledb: unknown;
  export default oracledb;
}
