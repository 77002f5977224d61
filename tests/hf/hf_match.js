// Proof with the real HuggingFace tokenizers library (npm package `tokenizers`, which reads
// tokenizer.json with serde_json): for a few hundred vocabularies, export tokenizer.json with
// motiftok, encode sequences with HF and with `motiftok tokenize`, and require identical tokens,
// identical ids, [CLS]/[SEP] around them, and decode() giving the normalized sequence back.
// Vocabularies: the fixture; random ones with 17-digit scores (the doubles serde_json may read
// one ulp off unless motiftok rounds them, docs/formats.md "Scores: exact decimals"); tie-heavy
// ones (few distinct scores, exact or not, so paths that are permutations of the same tokens tie
// up to the order of the additions); log-probability and wide-magnitude scores; strand both and
// forward; and vocabularies learned by `motiftok learn` with several sizes, IG weights, strands.
// Sequences: 10 bp .. 3 kbp with N, lower case, IUPAC codes, U, and tandem repeats of tokens.
// Usage: node hf_match.js NODE_PREFIX MOTIFTOK_BIN SOURCE_DIR WORK_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const [prefix, motiftok, src, work] = process.argv.slice(2);
const { Tokenizer } = require(path.join(prefix, 'node_modules', 'tokenizers'));
const data = path.join(src, 'test_data');

// xorshift32: a fixed-seed generator, so every run tests the same inputs.
let state = 2463534242;
function rand() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
}
const pick = (s) => s[Math.floor(rand() * s.length)];
const rc = (s) => s.split('').reverse().map((c) => ({ A: 'T', C: 'G', G: 'C', T: 'A', N: 'N' }[c])).join('');

// Score generators: each returns a function giving one score per call.
const scoreKinds = {
  random: () => () => -1 - 9 * rand(),
  ties: () => () => -(1 + Math.floor(rand() * 4)) * 1.5,
  // A few distinct 17-digit values: many equal scores whose sums round differently by order.
  near_ties: () => {
    const values = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => -1 - 9 * rand());
    return () => pick(values);
  },
  log_prob: () => {
    const total = 1000 + Math.floor(rand() * 1e6);
    return () => Math.log((1 + Math.floor(rand() * 500)) / total);
  },
  wide: () => () => -Math.pow(10, -8 + 13 * rand()),
};

function randomVocab(size, maxLen, kind, strand) {
  const score = scoreKinds[kind]();
  const tokens = ['A', 'C', 'G', 'T', 'N'];
  const seen = new Set(tokens);
  const scores = new Map(tokens.map((t) => [t, score()]));
  if (strand === 'both') {  // a token and its reverse complement share their score
    scores.set('T', scores.get('A'));
    scores.set('G', scores.get('C'));
  }
  // Homopolymer and dinucleotide-repeat tokens first, so repeats in sequences tie often.
  const wanted = [];
  for (let len = 2; len <= maxLen; ++len) {
    for (const unit of ['A', 'C', 'AC', 'AT', 'GC']) wanted.push(unit.repeat(len).slice(0, len));
  }
  let tries = 0;
  while (tokens.length < size && tries++ < 100 * size) {
    let t = wanted.length && rand() < 0.3 ? wanted.shift() : '';
    if (!t) {
      const len = 2 + Math.floor(rand() * (maxLen - 1));
      for (let i = 0; i < len; ++i) t += pick('ACGT');
    }
    if (seen.has(t)) continue;
    const s = score();
    for (const x of strand === 'both' ? [t, rc(t)] : [t]) {
      if (!seen.has(x)) { seen.add(x); tokens.push(x); scores.set(x, s); }
    }
  }
  return {
    format: 'motiftok-vocab', version: 1, motiftok: 'test', options: {}, alphabet: 'ACGTN',
    strand, classes: [],
    tokens: tokens.map((t, id) => ({ id, token: t, score: scores.get(t), seqs_per_class: [] })),
  };
}

function randomSeqs(n, tokens, maxLen) {
  const seqs = [];
  for (let r = 0; r < n; ++r) {
    const len = Math.round(Math.exp(Math.log(10) + rand() * (Math.log(maxLen) - Math.log(10))));
    let s = '';
    while (s.length < len) {
      const x = rand();
      if (x < 0.15 && tokens.length) {  // a tandem repeat of a token
        s += pick(tokens).repeat(2 + Math.floor(rand() * 12));
      } else if (x < 0.2) {
        s += pick('ACGT').repeat(2 + Math.floor(rand() * 20));
      } else {
        const y = rand();
        s += y < 0.9 ? pick('ACGT') : y < 0.95 ? pick('acgt') : y < 0.98 ? pick('Nn') : pick('RYKMuU');
      }
    }
    seqs.push(s.slice(0, len));
  }
  return seqs;
}

const normalize = (s) => s.toUpperCase().replace(/U/g, 'T').replace(/[^ACGT]/g, 'N');
const totals = { vocabularies: 0, sequences: 0, tokens: 0, differences: 0 };

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
  for (let i = 0; i < seqs.length; ++i) {
    const enc = await hf.encode(seqs[i]);
    const got = enc.getTokens();
    const ids = enc.getIds();
    const want = ['[CLS]', ...ours[i].tokens, '[SEP]'];
    const wantIds = [vocabSize + 1, ...ours[i].ids, vocabSize + 2];
    const decoded = await hf.decode(ids, true);
    if (got.join(' ') !== want.join(' ') || ids.join(' ') !== wantIds.join(' ') ||
        decoded !== normalize(seqs[i])) {
      if (++totals.differences <= 5) {
        let at = 0;
        while (at < got.length && got[at] === want[at]) ++at;
        console.error(`${name}: sequence ${i} (${seqs[i].length} bp) differs at token ${at}:\n` +
          `  HF       ${got.slice(Math.max(0, at - 3), at + 5).join(' ')}\n` +
          `  motiftok ${want.slice(Math.max(0, at - 3), at + 5).join(' ')}`);
      }
    }
    totals.tokens += ours[i].tokens.length;
  }
  totals.vocabularies += 1;
  totals.sequences += seqs.length;
  fs.rmSync(dir, { recursive: true, force: true });
}

(async () => {
  await check('fixture', path.join(data, 'vocab_small.json'), randomSeqs(100, [], 10000));
  // Generated vocabularies: every score kind with both strands, sizes 10 .. 2000.
  const kinds = Object.keys(scoreKinds);
  for (let v = 0; v < 250; ++v) {
    const kind = kinds[v % kinds.length];
    const strand = v % 2 ? 'both' : 'forward';
    const size = Math.round(Math.exp(Math.log(10) + rand() * Math.log(200)));
    const maxLen = 2 + Math.floor(rand() * 15);
    const vocab = randomVocab(size, maxLen, kind, strand);
    const p = path.join(work, `v${v}.json`);
    fs.writeFileSync(p, JSON.stringify(vocab));
    const multi = vocab.tokens.map((t) => t.token).filter((t) => t.length > 1);
    await check(`v${v}_${kind}_${strand}_${vocab.tokens.length}`, p, randomSeqs(20, multi, 3000));
  }
  // Learned vocabularies, tokenizing their own training sequences and random ones.
  const pos = path.join(data, 'learn_pos.fa');
  const neg = path.join(data, 'learn_neg.fa');
  const own = fs.readFileSync(pos, 'utf8').split('\n').filter((l) => l && l[0] !== '>');
  for (const size of [16, 40, 100, 300]) {
    for (const ig of ['0', '1', '4']) {
      for (const strand of ['both', 'forward']) {
        const p = path.join(work, `learned_${size}_${ig}_${strand}.json`);
        execFileSync(motiftok, ['learn', '-q', '--vocab-size', String(size), '--ig-weight', ig,
          '--strand', strand, '-c', `pos=${pos}`, '-c', `neg=${neg}`, '-o', p]);
        const multi = JSON.parse(fs.readFileSync(p)).tokens.map((t) => t.token).filter((t) => t.length > 1);
        await check(`learned_${size}_${ig}_${strand}`, p,
          [...own.slice(0, 40), ...randomSeqs(40, multi, 2000)]);
      }
    }
  }
  const { vocabularies, sequences, tokens, differences } = totals;
  console.log(`${vocabularies} vocabularies, ${sequences} sequences, ${tokens} tokens: ` +
    `${differences} sequences where HF tokenizers != motiftok`);
  if (differences > 0) process.exit(1);
})().catch((e) => { console.error(`FAIL: ${e.message}`); process.exit(1); });
