// Proof with the real HuggingFace tokenizers library (npm package `tokenizers`): for several
// vocabularies (the fixture, and random ones with many exact score ties, strand both), export
// tokenizer.json with motiftok, encode a few hundred sequences (10 bp .. 10 kbp, with N, lower
// case, IUPAC codes and U) with HF and with `motiftok tokenize`, and require identical tokens,
// identical ids, [CLS]/[SEP] around them, and decode() giving the normalized sequence back.
// Usage: node hf_match.js NODE_PREFIX MOTIFTOK_BIN FIXTURE_VOCAB WORK_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const [prefix, motiftok, fixture, work] = process.argv.slice(2);
const { Tokenizer } = require(path.join(prefix, 'node_modules', 'tokenizers'));

// xorshift32: a fixed-seed generator, so every run tests the same inputs.
let state = 2463534242;
function rand() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
}
const pick = (s) => s[Math.floor(rand() * s.length)];
const rc = (s) => s.split('').reverse().map((c) => ({ A: 'T', C: 'G', G: 'C', T: 'A' }[c])).join('');

function randomVocab(size, maxLen, tieScores) {
  const tokens = ['A', 'C', 'G', 'T', 'N'];
  const seen = new Set(tokens);
  const scores = new Map();
  const score = () => (tieScores ? -(1 + Math.floor(rand() * 4)) * 1.5 : -1 - 9 * rand());
  for (const t of tokens) scores.set(t, score());
  scores.set('T', scores.get('A'));  // strand both: a token and its reverse complement share it
  scores.set('G', scores.get('C'));
  while (tokens.length < size) {
    const len = 2 + Math.floor(rand() * (maxLen - 1));
    let t = '';
    for (let i = 0; i < len; ++i) t += pick('ACGT');
    if (seen.has(t)) continue;
    const s = score();
    for (const x of [t, rc(t)]) {
      if (!seen.has(x)) { seen.add(x); tokens.push(x); scores.set(x, s); }
    }
  }
  return {
    format: 'motiftok-vocab', version: 1, motiftok: 'test', options: {}, alphabet: 'ACGTN',
    strand: 'both', classes: [],
    tokens: tokens.map((t, id) => ({ id, token: t, score: scores.get(t), seqs_per_class: [] })),
  };
}

function randomSeqs(n) {
  const seqs = [];
  for (let r = 0; r < n; ++r) {
    const len = Math.round(Math.exp(Math.log(10) + rand() * (Math.log(10000) - Math.log(10))));
    let s = '';
    for (let i = 0; i < len; ++i) {
      const x = rand();
      s += x < 0.9 ? pick('ACGT') : x < 0.95 ? pick('acgt') : x < 0.98 ? pick('Nn') : pick('RYKMuU');
    }
    seqs.push(s);
  }
  return seqs;
}

const normalize = (s) => s.toUpperCase().replace(/U/g, 'T').replace(/[^ACGT]/g, 'N');

async function check(name, vocabPath, seqs) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(motiftok, ['export', '--vocab', vocabPath, '-o', path.join(dir, 'hf'), '-q']);
  const fasta = seqs.map((s, i) => `>s${i}\n${s}\n`).join('');
  fs.writeFileSync(path.join(dir, 'in.fa'), fasta);
  const ours = execFileSync(motiftok, ['tokenize', '--vocab', vocabPath, '-f', 'jsonl', '-q',
    path.join(dir, 'in.fa')], { maxBuffer: 1 << 30 }).toString().trim().split('\n').map(JSON.parse);
  if (ours.length !== seqs.length) throw new Error(`${name}: motiftok gave ${ours.length} records`);
  const hf = Tokenizer.fromFile(path.join(dir, 'hf', 'tokenizer.json'));
  const vocabSize = JSON.parse(fs.readFileSync(vocabPath)).tokens.length;
  let tokens = 0;
  for (let i = 0; i < seqs.length; ++i) {
    const enc = await hf.encode(seqs[i]);
    const got = enc.getTokens();
    const ids = enc.getIds();
    const want = ['[CLS]', ...ours[i].tokens, '[SEP]'];
    if (got.join(' ') !== want.join(' ')) {
      throw new Error(`${name}: sequence ${i} (${seqs[i].length} bp) differs:\n  HF      ${got.join(' ').slice(0, 400)}\n  motiftok ${want.join(' ').slice(0, 400)}`);
    }
    const wantIds = [vocabSize + 1, ...ours[i].ids, vocabSize + 2];
    if (ids.join(' ') !== wantIds.join(' ')) throw new Error(`${name}: sequence ${i}: ids differ`);
    const decoded = await hf.decode(ids, true);
    if (decoded !== normalize(seqs[i])) throw new Error(`${name}: sequence ${i}: decode differs`);
    tokens += ours[i].tokens.length;
  }
  console.log(`${name}: ${seqs.length} sequences, ${tokens} tokens: HF tokenizers == motiftok`);
}

(async () => {
  await check('fixture', fixture, randomSeqs(100));
  for (const [name, size, maxLen, ties] of [['ties', 300, 8, true], ['real', 1000, 12, false],
                                            ['ties_long', 200, 16, true]]) {
    const p = path.join(work, `${name}.json`);
    fs.writeFileSync(p, JSON.stringify(randomVocab(size, maxLen, ties)));
    await check(name, p, randomSeqs(100));
  }
})().catch((e) => { console.error(`FAIL: ${e.message}`); process.exit(1); });
