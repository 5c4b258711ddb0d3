// The part of jStat (https://github.com/jstat/jstat; it ships no types) that batchsim uses.
declare module 'jstat' {
  const jStat: {
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
    normal: { inv(p: number, mean: number, std: number): number; cdf(x: number, mean: number, std: number): number };
  };
  export default jStat;
}
