// Micro-measure: CPU time to create one cluster CA, RSA-2048 (node-forge path, src/pki/ca.ts) vs ECDSA P-256 (src/pki/x509.ts).
// Run: npx tsx bench/ca-keys.ts [N]   (median of N, process CPU time user+system)
import { createCertificateAuthority } from "../src/pki/ca.js";
import { createEcCertificateAuthority } from "../src/pki/x509.js";

const n = Number(process.argv[2] ?? 21);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMs = (start: NodeJS.CpuUsage): number => { const d = process.cpuUsage(start); return (d.user + d.system) / 1000; };

const rsa: number[] = [];
const ec: number[] = [];
await createEcCertificateAuthority({ commonName: "warm", now: new Date() });
for (let i = 0; i < n; i++) {
  let t = process.cpuUsage();
  createCertificateAuthority({ commonName: `rsa-${i}`, now: new Date() });
  rsa.push(cpuMs(t));
  t = process.cpuUsage();
  await createEcCertificateAuthority({ commonName: `ec-${i}`, now: new Date() });
  ec.push(cpuMs(t));
}
console.log(`CA creation CPU ms, median of ${n} (alternating): RSA-2048 ${median(rsa).toFixed(2)}  ECDSA P-256 ${median(ec).toFixed(2)}  ratio ${(median(rsa) / median(ec)).toFixed(0)}x`);
