/* Transcripts from the browser: Jangal's own Markdown transcript (game/classroom/render_md.py) and its
   verification code (game/classroom/transcript.py), written character for character as Python writes them,
   so `jangal verify` replays and accepts them and `jangal class-report` counts them. */
"use strict";

const JangalTranscript = (() => {
  const FORMAT = "jangal-transcript";
  const VERSION = 2;
  const TRANSLATED_VERSION = 3;  // a transcript played in a translation names its language (transcript.py)
  const MAX_NAME = 80;
  // Python's str.isspace() characters: what str.strip() and str.split() remove.
  const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const LEADING = new RegExp(`^[${SPACE}]+`, "u");
  const TRAILING = new RegExp(`[${SPACE}]+$`, "u");
  const RUNS = new RegExp(`[${SPACE}]+`, "u");
  const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/u;

  const strip = (text) => text.replace(LEADING, "").replace(TRAILING, "");
  const rstrip = (text) => text.replace(TRAILING, "");
  const stripNewlines = (text) => text.replace(/^\n+|\n+$/g, "");
  const words = (text) => strip(text).split(RUNS).filter(Boolean);

  /* ---- SHA-256 (FIPS 180-4), synchronous so it works the same from file:// and from a web site ---- */
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);

  function sha256(bytes) {
    const length = bytes.length;
    const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    const hash = new Uint32Array([
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]);
    const w = new Uint32Array(64);
    const rotate = (x, n) => (x >>> n) | (x << (32 - n));
    for (let block = 0; block < padded.length; block += 64) {
      for (let t = 0; t < 16; t += 1) w[t] = view.getUint32(block + t * 4);
      for (let t = 16; t < 64; t += 1) {
        const s0 = rotate(w[t - 15], 7) ^ rotate(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        const s1 = rotate(w[t - 2], 17) ^ rotate(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, h] = hash;
      for (let t = 0; t < 64; t += 1) {
        const t1 = (h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
        const t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
      }
      [a, b, c, d, e, f, g, h].forEach((value, at) => { hash[at] = (hash[at] + value) >>> 0; });
    }
    const digest = new Uint8Array(32);
    hash.forEach((value, at) => new DataView(digest.buffer).setUint32(at * 4, value));
    return digest;
  }

  function base32(bytes, letters) {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits = 0, value = 0, out = "";
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5 && out.length < letters) {
        out += alphabet[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
      value &= (1 << bits) - 1;
    }
    return out;
  }

  /* json.dumps(value, ensure_ascii=False) with Python's default ", " and ": " separators. */
  function pyJson(value) {
    if (Array.isArray(value)) return `[${value.map(pyJson).join(", ")}]`;
    if (value !== null && typeof value === "object") {
      return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}: ${pyJson(value[key])}`).join(", ")}}`;
    }
    return JSON.stringify(value);
  }

  /* JG-XXXX-XXXX-XXXX: 60 bits of a SHA-256 over everything the transcript certifies (verification_code);
     `edition` is {language, translation} for a translated edition, keys in the sorted order Python writes. */
  function verificationCode(fingerprint, storyId, origin, picks, name, edition = null) {
    const payload = JSON.stringify(edition
      ? { choices: picks, fingerprint, language: edition.language, name, origin, story: storyId, translation: edition.translation }
      : { choices: picks, fingerprint, name, origin, story: storyId });
    const version = edition ? TRANSLATED_VERSION : VERSION;
    const letters = base32(sha256(new TextEncoder().encode(`${FORMAT}-${version}\0${payload}`)), 12);
    return ["JG", letters.slice(0, 4), letters.slice(4, 8), letters.slice(8, 12)].join("-");
  }

  /* A student name fit for a transcript (clean_name): one line of printable text; an Error saying why not. */
  function cleanName(name) {
    const cleaned = strip(name || "").normalize("NFC");
    const count = [...cleaned].length;
    if (count > MAX_NAME) throw new Error(`a name can be at most ${MAX_NAME} characters (this one has ${count})`);
    if (/\p{C}/u.test(cleaned)) throw new Error("a name cannot contain line breaks or control characters");
    return cleaned;
  }

  const mdInline = (text) => text.replace(/([\\`*_[\]<>#|])/g, "\\$1");
  const mdCell = (text) => mdInline(words(text).join(" "));
  const mdQuote = (text) => strip(text).split(LINE_BREAK).map((line) => rstrip(`> ${line}`)).join("\n");
  /* As contents.verdict_text: history is spoken of only at decisions, quoting what was decided there. */
  function verdict(step, t) {
    if (step.followed === null) return ["·", t("History marks no choice here.")];
    if (step.followed) return ["✓", t("You followed history: {decision}", { decision: step.decision })];
    const historical = step.historical || t("(no longer in the story)");
    return ["✗", t("History went another way: {decision}. History's choice here: {historical}",
      { decision: step.decision.replace(/\.+$/, ""), historical })];
  }

  /* Each step as the transcript tells it; `states` are the states on entering each scene, then the final one. */
  function records(engine, state, states) {
    return state.path.map((step, at) => {
      const scene = engine.scenes.get(step.scene);
      const choice = scene.choices[step.choice];
      return {
        number: at + 1, scene, choice: choice.text, consequence: joined(engine.text(choice.consequence, states[at + 1])),
        followed: step.historical === null ? null : step.choice === step.historical,
        historical: engine.historicalText(step), note: step.historical === null ? null : scene.note,
        decision: engine.decisionSentence(step),
      };
    });
  }

  function heading(level, title, scene) {
    const byline = [scene.when, scene.chapterTitle].filter(Boolean).join(" · ");
    return byline ? `${level} ${mdInline(title)}\n\n*${mdInline(byline)}*` : `${level} ${mdInline(title)}`;
  }

  /* A text as Prose.select gives it: the pieces a state selected, joined by blank lines. */
  const joined = (pieces) => pieces.map((part) => part.md).filter(Boolean).join("\n\n");
  /* The scene text a transcript shows: the blocks this state selected, joined as one text. */
  const sceneText = (pieces) => strip(joined(pieces));

  function stepPart(engine, step, text) {
    const t = (english, fields) => engine.t(english, fields);
    const [mark, sentence] = verdict(step, t);
    const parts = [heading("##", `${engine.digits(step.number)}. ${step.scene.title}`, step.scene), text,
      t("**You chose:** {choice}", { choice: mdInline(step.choice) })];
    if (strip(step.consequence)) parts.push(strip(step.consequence));
    parts.push(`${mark} **${mdInline(sentence)}**`);
    if (step.note) {
      const lines = [t("**Historical note** ({reliability})", { reliability: step.note.label }), "", strip(step.note.text.md)];
      if (step.note.sources.length) lines.push("", t("*Sources:* {sources}", { sources: mdInline(step.note.sources.join("; ")) }));
      parts.push(mdQuote(lines.join("\n")));
    }
    return parts.join("\n\n");
  }

  function finalPart(engine, state, number) {
    const t = (english, fields) => engine.t(english, fields);
    const scene = engine.scene(state);
    const text = sceneText(engine.view(state).text);
    if (!scene.ending) {
      const top = heading("##", t("{number}. Where the game stands: {scene}", { number, scene: scene.title }), scene);
      return `${top}\n\n${text}\n\n${t("*The game is not finished: the transcript ends here.*")}`;
    }
    const ending = scene.ending;
    return [
      heading("##", `${number}. ${scene.title}`, scene), text,
      t("### The end: {ending} ({kind})", { ending: mdInline(ending.title), kind: ending.kindLabel }),
      strip(joined(engine.text(ending.epilogue, state))),
      t("### What really happened"), strip(ending.history.md),
    ].join("\n\n");
  }

  function pathPart(engine, state, steps) {
    const t = (english, fields) => engine.t(english, fields);
    const lines = [t("## Your path and history"), "", mdInline(engine.divergenceSentence(state))];
    const decisions = steps.filter((step) => step.followed !== null);
    if (decisions.length) {
      lines.push("", t("| # | Scene | Your choice | History's choice | |"), "|---|---|---|---|---|");
      for (const step of decisions) {
        const cells = [engine.digits(step.number), mdCell(step.scene.title), mdCell(step.choice),
          mdCell(step.historical || t("(no longer in the story)")), verdict(step, t)[0]];
        lines.push("| " + cells.join(" | ") + " |");
      }
    }
    return lines.join("\n");
  }

  function dataBlock(record) {
    const fields = Object.entries(record).map(([key, value]) => {
      let shown = pyJson(value);
      if (key === "choices") shown = value.length ? "[\n" + value.map((pick) => `  ${pyJson(pick)}`).join(",\n") + "\n ]" : "[]";
      return ` ${JSON.stringify(key)}: ${shown}`;
    });
    return ("{\n" + fields.join(",\n") + "\n}").replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  }

  /* The whole Markdown transcript of a state's path, and its code: exactly what `jangal transcript` writes. */
  function markdown(engine, state, rawName) {
    const t = (english, fields) => engine.t(english, fields);
    const story = engine.story;
    const name = cleanName(rawName);
    const picks = state.path.map((step) => [step.scene, step.choice]);
    const edition = story.language ? { language: story.language, translation: story.translation } : null;
    const code = verificationCode(story.fingerprint, story.id, state.origin, picks, name, edition);
    const states = [...replayStates(engine, state), state];
    const steps = records(engine, state, states);
    const scene = engine.scene(state);
    const chapter = state.origin === null ? null : engine.chapters.get(state.origin);
    const began = state.origin === null ? t("at the start of the story")
      : t("at the chapter “{chapter}”", { chapter: chapter ? chapter.title : state.origin });
    const outcome = scene.ending ? t("“{ending}”, {kind}", { ending: scene.ending.title, kind: scene.ending.kindLabel })
      : t("not finished: the game stands at “{scene}”", { scene: scene.title });
    const fact = (label, value) => `- **${label}:** ${value}`;
    const version = t("{version} (exported with Jangal {jangal})", { version: story.fingerprint.slice(0, 8), jangal: mdInline(story.jangal) });
    const header = [
      t("# Jangal transcript: {title}", { title: mdInline(story.title) }), "",
      fact(t("Student"), mdInline(name || t("(no name given)"))), fact(t("Began"), mdInline(began)),
      fact(t("Choices made"), engine.digits(steps.length)), fact(t("Outcome"), mdInline(outcome)),
      fact(t("History"), mdInline(engine.divergenceSentence(state))),
      ...(edition ? [fact(t("Language"), mdInline(story.languageName))] : []),
      fact(t("Verification code"), `\`${code}\``), fact(t("Story version"), version),
      ...(edition ? [fact(t("Translation version"), edition.translation.slice(0, 8))] : []), "",
      mdQuote(t("Check it with `jangal verify FILE`: a change to any word of it is detected.")),
    ].join("\n");
    const parts = [header, ...steps.map((step, at) => stepPart(engine, step, sceneText(engine.view(states[at]).text)))];
    parts.push(finalPart(engine, state, engine.digits(steps.length + 1)), pathPart(engine, state, steps));
    const record = {
      format: FORMAT, version: edition ? TRANSLATED_VERSION : VERSION, jangal: story.jangal,
      story: { id: story.id, title: story.title, fingerprint: story.fingerprint },
      ...(edition || {}), origin: state.origin, name, choices: picks, code,
    };
    parts.push(`\x3c!-- jangal-transcript\n${dataBlock(record)}\n--\x3e`);  // written escaped: no `<!--` in a script element
    return { text: parts.map(stripNewlines).join("\n\n") + "\n", code, name };
  }

  /* The state before each step, replayed from the start (a step keeps variables and flags, not visits). */
  function replayStates(engine, state) {
    let at = engine.newGame(state.origin);
    return state.path.map((step) => {
      const before = at;
      at = engine.choose(at, step.choice).state;
      return before;
    });
  }

  /* The student's name as a file name (file_stem): letters and digits, words joined by `-`. */
  function fileStem(name) {
    const joined = [...name].map((char) => (/[\p{L}\p{N}]/u.test(char) ? char : " ")).join("").split(" ").filter(Boolean).join("-");
    return [...joined].slice(0, 40).join("").replace(/^-+|-+$/g, "") || "student";
  }

  return { sha256, verificationCode, cleanName, markdown, fileStem, strip };
})();
