import * as fs from 'fs';
import { ASSEMBLY_DIR } from './assembly';

export default async function globalTeardown(): Promise<void> {
  fs.rmSync(ASSEMBLY_DIR, { recursive: true, force: true });
  fs.rmSync(`${ASSEMBLY_DIR}.lock`, { recursive: true, force: true });
}
