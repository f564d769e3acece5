/** Types of bombs.mjs for the TypeScript tests. */
export declare function bombFiles(dir: string, mb?: number): Record<string, string>;
export declare function runBomb(args: string[], home: string): { code: number; signal: string | null; stdout: string; stderr: string; rssMB: number; seconds: number };
export declare function runBombs(): Promise<boolean>;
