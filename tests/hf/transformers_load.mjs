// Proof that HuggingFace's transformers library loads the exported folder the way
// `AutoTokenizer.from_pretrained("folder")` does: transformers.js (npm `@huggingface/transformers`,
// HF's JavaScript port of transformers) reads tokenizer.json, tokenizer_config.json and
// special_tokens_map.json from disk, with no network. Checks: a batch of two sequences of different
// lengths is padded with [PAD] (attention mask 0 there), every row is [CLS] tokens [SEP], the tokens
// are motiftok's ids, and decoding without special tokens gives the normalized sequence back.
// Usage: node transformers_load.mjs NODE_PREFIX MOTIFTOK_BIN VOCAB_JSON WORK_DIR
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';

const [prefix, motiftok, vocab, work] = process.argv.slice(2);
const entry = path.join(prefix, 'node_modules', '@huggingface', 'transformers');
const pkg = JSON.parse(fs.readFileSync(path.join(entry, 'package.json'), 'utf8'));
const exp = pkg.exports['.'] ?? pkg.exports;  // the package's entry for `import` under node
const main = exp.node.import.default ?? exp.node.import;
const { AutoTokenizer, env } = await import(pathToFileURL(path.join(entry, main)).href);

const folder = path.join(work, 'dna_tokenizer');
execFileSync(motiftok, ['export', '--vocab', vocab, '--format', 'hf', '-o', folder, '-q']);
env.allowRemoteModels = false;
env.localModelPath = work + path.sep;
const tok = await AutoTokenizer.from_pretrained('dna_tokenizer', { local_files_only: true });

const seqs = ['ACGTACGTNNacgtRYTTGACTCAGCA', 'ACG'];
const fasta = path.join(work, 'in.fa');
fs.writeFileSync(fasta, seqs.map((s, i) => `>s${i}\n${s}\n`).join(''));
const ours = execFileSync(motiftok, ['tokenize', '--vocab', vocab, '-f', 'ids', '-q', fasta])
  .toString().trim().split('\n').map((line) => line.split('\t')[1].split(' ').map(Number));

const config = JSON.parse(fs.readFileSync(path.join(folder, 'tokenizer_config.json'), 'utf8'));
const exported = JSON.parse(fs.readFileSync(path.join(folder, 'tokenizer.json'), 'utf8'));
const ids = (t) => exported.added_tokens.find((a) => a.content === t)?.id;
const [cls, sep, pad] = [ids('[CLS]'), ids('[SEP]'), ids('[PAD]')];
const enc = tok(seqs, { padding: true });
const rows = enc.input_ids.tolist().map((r) => r.map(Number));
const mask = enc.attention_mask.tolist().map((r) => r.map(Number));
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); };
expect(tok.pad_token === config.pad_token && tok.pad_token_id === pad && pad !== undefined,
  `pad token ${tok.pad_token} (${tok.pad_token_id}), want ${config.pad_token} (${pad})`);
expect(rows.length === 2 && rows[0].length === rows[1].length, 'rows are padded to one length');
rows.forEach((row, r) => {
  const n = ours[r].length + 2;
  const want = [cls, ...ours[r], sep];
  expect(JSON.stringify(row.slice(0, n)) === JSON.stringify(want),
    `row ${r}: ${JSON.stringify(row.slice(0, n))} != [CLS] motiftok [SEP] ${JSON.stringify(want)}`);
  expect(row.slice(n).every((x) => x === pad), `row ${r}: padding is [PAD]`);
  expect(mask[r].every((m, i) => m === (i < n ? 1 : 0)), `row ${r}: attention mask`);
  const normalized = seqs[r].toUpperCase().replace(/[^ACGT]/g, 'N');
  const back = tok.decode(row, { skip_special_tokens: true });
  expect(back === normalized, `row ${r}: decode gave ${back}, want ${normalized}`);
});
expect(rows[1].length > ours[1].length + 2, 'the short row really is padded');
if (failures.length) {
  console.error(`transformers.js ${pkg.version}: ${failures.length} failure(s)\n` + failures.join('\n'));
  process.exit(1);
}
console.log(`transformers.js ${pkg.version}: folder loaded, padding, [CLS]/[SEP], ids and decode match`);
