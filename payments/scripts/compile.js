// Compiles contracts/*.sol with the pinned solc-js for the EVM version the local node runs
// (anvil --hardfork, scripts/anvil.sh) and writes NAME.abi and NAME.bin for each contract.
// Usage: node scripts/compile.js [OUT_DIR]   (default: the module's committed resources)
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const EVM_VERSION = 'cancun';
const moduleDir = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] || path.join(moduleDir, 'src/main/resources/org/depa/payments/contracts'));
const contractsDir = path.join(moduleDir, 'contracts');
const sources = {};
for (const f of fs.readdirSync(contractsDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(contractsDir, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
function findImports(p) {
  const file = path.join(moduleDir, 'node_modules', p);
  if (!file.startsWith(path.join(moduleDir, 'node_modules') + path.sep) || !fs.existsSync(file)) {
    return { error: 'import not found: ' + p };
  }
  return { contents: fs.readFileSync(file, 'utf8') };
}
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) process.stderr.write(e.formattedMessage + '\n');
if (errors.length > 0) process.exit(1);
fs.mkdirSync(outDir, { recursive: true });
for (const file of Object.keys(sources)) {
  for (const [name, c] of Object.entries(output.contracts[file])) {
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi, null, 1) + '\n');
    fs.writeFileSync(path.join(outDir, name + '.bin'), c.evm.bytecode.object);
  }
}
process.stdout.write('solc ' + solc.version() + ' (evm ' + EVM_VERSION + '): ' + outDir + '\n');
