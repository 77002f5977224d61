// HF tokenizers (npm) encode throughput for tokenize_vs_hf_spm.sh.
// Usage: node hf_encode.js NODE_PREFIX tokenizer.json (lines FILE | single TEXT_FILE BASES)
// Prints "<bases> <tokens> <seconds>" (encode time only, file reading excluded).
'use strict';
const fs = require('fs');
const path = require('path');
const [prefix, tokPath, mode, file, limit] = process.argv.slice(2);
const { Tokenizer } = require(path.join(prefix, 'node_modules', 'tokenizers'));
(async () => {
  const tok = Tokenizer.fromFile(tokPath);
  let bases = 0;
  let tokens = 0;
  let start;
  if (mode === 'lines') {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
    start = process.hrtime.bigint();
    for (let i = 0; i < lines.length; i += 1000) {
      const batch = lines.slice(i, i + 1000);
      const encs = await tok.encodeBatch(batch, { addSpecialTokens: false });
      for (const e of encs) tokens += e.getIds().length;
      for (const l of batch) bases += l.length;
    }
  } else {
    const text = fs.readFileSync(file, 'utf8').replace(/\n/g, '');
    const seq = text.slice(0, Number(limit));
    bases = seq.length;
    start = process.hrtime.bigint();
    const e = await tok.encode(seq, null, { addSpecialTokens: false });
    tokens = e.getIds().length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${bases} ${tokens} ${seconds}`);
})();
