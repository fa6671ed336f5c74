// Sleuth web page: pick a collection, upload, ask with a live progress stream, open cited passages.
"use strict";

const $ = (id) => document.getElementById(id);
const keyInput = $("api-key");
keyInput.value = localStorage.getItem("sleuth-key") || "";
keyInput.addEventListener("change", () => { localStorage.setItem("sleuth-key", keyInput.value); loadCollections(); });

function headers(extra = {}) {
  const h = { ...extra };
  if (keyInput.value) h["X-API-Key"] = keyInput.value;
  return h;
}

async function api(path, options = {}) {
  const res = await fetch(path, { ...options, headers: headers(options.headers) });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try { message = (await res.json()).error.message; } catch (_) { /* not our JSON error shape */ }
    throw new Error(message);
  }
  return res.status === 204 ? null : res.json();
}

function showError(err) {
  $("error").textContent = err ? String(err.message || err) : "";
  $("error").hidden = !err;
}

function current() { return $("collection").value; }

async function loadCollections(select) {
  try {
    const { collections } = await api("/v1/collections");
    const sel = $("collection");
    const keep = select || sel.value;
    sel.replaceChildren(...collections.map((c) => new Option(c.name, c.name)));
    if (keep && collections.some((c) => c.name === keep)) sel.value = keep;
    showStats(collections.find((c) => c.name === sel.value));
    showError(null);
  } catch (err) { showError(err); }
}

function showStats(c) {
  $("collection-stats").textContent = c ? `${c.n_documents} documents · ${c.n_chunks} passages · version ${c.version}` : "No collection yet: create one or upload.";
}

$("collection").addEventListener("change", () => loadCollections());
$("refresh").addEventListener("click", () => loadCollections());
$("create").addEventListener("click", async () => {
  const name = $("new-collection").value.trim();
  if (!name) return;
  try {
    await api("/v1/collections", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name }) });
    $("new-collection").value = "";
    await loadCollections(name);
  } catch (err) { showError(err); }
});

// Upload: multipart POST, then poll the job for progress and per-file errors.
$("upload-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const name = current() || $("new-collection").value.trim();
  const files = $("files").files;
  if (!name || !files.length) return showError("pick a collection and at least one file");
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  $("job").hidden = false;
  $("job-errors").replaceChildren();
  try {
    let job = await api(`/v1/collections/${encodeURIComponent(name)}/documents`, { method: "POST", body: form });
    while (job.state === "queued" || job.state === "running") {
      renderJob(job);
      await new Promise((r) => setTimeout(r, 300));
      job = await api(`/v1/jobs/${job.job_id}`);
    }
    renderJob(job);
    await loadCollections(name);
  } catch (err) { showError(err); }
});

function renderJob(job) {
  const p = $("job-progress");
  p.max = Math.max(job.total, 1);
  p.value = job.state === "succeeded" ? p.max : job.done;
  const r = job.report;
  const summary = r ? ` — ${r.added ?? 0} added, ${r.updated ?? 0} updated, ${r.unchanged ?? 0} unchanged` : "";
  $("job-status").textContent = `${job.state}: ${job.stage} ${job.done}/${job.total}${summary}`;
  $("job-status").dataset.state = job.state;
  $("job-errors").replaceChildren(...job.errors.map((e) => Object.assign(document.createElement("li"), { textContent: `${e.source}: ${e.reason}` })));
}

// Ask: POST and read the server-sent events from the response body as they arrive.
let titles = new Map(); // chunk id -> title, from this run's `retrieved` events (for the hop trace)

$("ask-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const question = $("question").value.trim();
  if (!question || !current()) return showError("pick a collection and type a question");
  showError(null);
  $("ask").disabled = true;
  $("progress").replaceChildren();
  $("progress").dataset.state = "running";
  $("answer").hidden = true;
  $("passage").hidden = true;
  titles = new Map();
  try {
    const res = await fetch(`/v1/collections/${encodeURIComponent(current())}/ask/stream`, {
      method: "POST",
      headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify({ question }),
    });
    if (!res.ok) throw new Error((await res.json()).error.message);
    for await (const event of readEvents(res.body)) onEvent(event);
  } catch (err) { showError(err); }
  $("progress").dataset.state = "done";
  $("ask").disabled = false;
});

async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = (buffer + value).replace(/\r\n?/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) yield { event: name, data: JSON.parse(data.join("\n")) };
    }
  }
}

function onEvent({ event, data }) {
  if (event === "retrieved") (data.ids || []).forEach((id, i) => titles.set(id, (data.titles || [])[i] || id));
  const li = el("li", { className: `event-${event}` });
  li.append(el("b", { textContent: label(event, data) }), ` ${describe(event, data)}`);
  $("progress").append(li);
  $("progress").scrollTop = $("progress").scrollHeight; // follow the stream inside the list, not the page
  if (event === "answer") renderAnswer(data);
  if (event === "error") showError(data.message || "the agent failed");
}

function label(event, d) {
  if (event === "hop" && d.revise) return "revise";
  if (event === "retrieved" || event === "hop") return `${event} · hop ${d.hop}`;
  return event;
}

// One line per progress event, from the fields the agent emits (see docs/serving.md).
function describe(event, d) {
  const list = (xs) => (xs || []).join(" · ");
  switch (event) {
    case "plan": return `${(d.sub_queries || []).length} sub-quer${(d.sub_queries || []).length === 1 ? "y" : "ies"} (${d.mode}): ${list(d.sub_queries)}`;
    case "retrieved": return `${d.n} passages for “${d.query}”: ${list([...new Set(d.titles)])}`;
    case "hop":
      if (d.revise) return `${d.revise}${d.dropped ? `: dropped ${d.dropped.length} claim(s)` : ""}${d.follow_up_queries ? `; next: ${list(d.follow_up_queries)}` : ""}`;
      return `${d.enough ? "enough evidence" : "needs another hop"} (${d.why})${d.follow_up_queries && d.follow_up_queries.length ? `; next: ${list(d.follow_up_queries)}` : ""}`;
    case "draft": return d.answerable ? `“${d.short_answer}” with ${(d.claims || []).length} claim(s) from ${(d.context_ids || []).length} passages` : "the passages do not answer the question";
    case "verification": {
      const claims = d.claims || [];
      const ok = claims.filter((c) => c.supported).length;
      return `${ok}/${claims.length} claim(s) supported${d.rejected_citations ? `, ${d.rejected_citations} citation(s) rejected` : ""}`;
    }
    case "answer": return d.abstained ? "abstained" : `“${d.short_answer || d.answer}”`;
    case "error": return d.message || "";
    default: return JSON.stringify(d);
  }
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// The answer: the short answer, then each claim with numbered citation markers and its verdict; a marker opens
// its passage with the quote highlighted. An abstention says so, with its reason and the closest evidence.
function renderAnswer(a) {
  const box = $("answer");
  box.replaceChildren();
  box.hidden = false;
  box.classList.toggle("abstained", Boolean(a.abstained));
  box.dataset.answerId = a.answer_id || "";
  const numbers = new Map();
  const marker = (c) => {
    const id = `${c.chunk_id}|${c.start}|${c.end}`;
    if (!numbers.has(id)) numbers.set(id, { n: numbers.size + 1, cite: c });
    const b = el("button", { type: "button", className: "cite", textContent: `[${numbers.get(id).n}]` });
    b.title = `${c.title || c.source}${c.page != null ? `, p. ${c.page}` : ""}: “${c.quote}”`;
    b.dataset.chunkId = c.chunk_id;
    b.addEventListener("click", () => openPassage(c, b, a.collection));
    return b;
  };

  if (a.abstained) {
    box.append(el("p", { className: "abstain-label", textContent: "Sleuth abstained: the collection does not support an answer." }));
    if (a.reason) box.append(el("p", { className: "reason", textContent: `Why: ${a.reason}` }));
    if ((a.closest_evidence || []).length) {
      box.append(el("h3", { textContent: "Closest evidence" }));
      box.append(el("ul", { className: "evidence" }, ...a.closest_evidence.map((c) => el("li", {}, marker(c), ` ${c.title || c.source}: “${clip(c.quote)}”`))));
    }
  } else {
    box.append(el("p", { className: "short-answer", textContent: a.short_answer || a.answer }));
    if (a.answer && a.answer !== a.short_answer) box.append(el("p", { className: "answer-text", textContent: a.answer }));
    if (a.caveat) box.append(el("p", { className: "reason", textContent: `Caveat: ${a.caveat}` }));
    box.append(el("ol", { className: "claims" }, ...(a.claims || []).map((c) => claimItem(c, marker))));
  }
  if ((a.dropped_claims || []).length) {
    box.append(el("details", { className: "dropped" },
      el("summary", { textContent: `${a.dropped_claims.length} claim(s) dropped: verification found no support` }),
      el("ol", {}, ...a.dropped_claims.map((c) => claimItem(c, marker)))));
  }
  if (numbers.size && !a.abstained) { // an abstention lists its closest evidence already
    box.append(el("h3", { textContent: "Sources" }));
    box.append(el("ol", { className: "sources" }, ...[...numbers.values()].map(({ n, cite }) => {
      const where = `${cite.source}${cite.page != null ? ` · page ${cite.page}` : ""}`;
      return el("li", { value: n }, el("b", { textContent: cite.title || cite.source }), ` ${where} — “${clip(cite.quote)}”`);
    })));
  }
  box.append(trace(a));
  if (a.answer_id) box.append(feedbackBar(a.answer_id));
}

function claimItem(claim, marker) {
  const li = el("li", {}, `${claim.text} `, ...(claim.citations || []).map(marker));
  const v = claim.verdict;
  if (v) {
    const badge = el("span", { className: `verdict ${v.supported ? "ok" : "bad"}` });
    badge.textContent = `${v.supported ? "✓ supported" : "✗ unsupported"} ${v.score.toFixed(2)} · ${v.method}`;
    if (v.note) badge.title = v.note;
    li.append(" ", badge);
  }
  if (claim.derivation) li.append(el("div", { className: "derivation", textContent: `computed: ${claim.derivation}` }));
  return li;
}

function clip(text, n = 140) {
  const t = (text || "").replace(/\s+/g, " ").trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

// How the answer was found: each hop's sub-queries and what they retrieved; then mode, LLM usage and time.
function trace(a) {
  const hops = a.hops || [];
  const details = el("details", { className: "trace" }, el("summary", { textContent: `How: ${hops.length} hop(s), ${a.mode} mode` }));
  const ol = el("ol");
  for (const h of hops) {
    const li = el("li", {}, el("b", { textContent: `Hop ${h.hop}` }));
    const ul = el("ul");
    h.sub_queries.forEach((q, i) => {
      const got = ((h.retrieved_ids || [])[i] || []).map((id) => titles.get(id) || id);
      ul.append(el("li", { textContent: `“${q}” → ${[...new Set(got)].join(", ") || "nothing"}` }));
    });
    li.append(ul);
    ol.append(li);
  }
  details.append(ol);
  if (a.read_as) {
    // Nested questions the extractive reader answered first, then the question as it was answered.
    const inner = (a.inner_answers || []).map((x) => `“${x.question}” → ${x.answer}`).join("; ");
    details.append(el("p", { textContent: `Read as “${a.read_as}” (${inner})` }));
  }
  const u = a.usage || {};
  const seconds = Object.values(a.timings || {}).reduce((x, y) => x + y, 0);
  const nodes = Object.entries(a.timings || {}).map(([k, v]) => `${k} ${v.toFixed(2)}s`).join(", ");
  details.append(el("p", { className: "muted", textContent: `${u.llm_calls || 0} LLM call(s), ${u.input_tokens || 0} in / ${u.output_tokens || 0} out tokens · ${seconds.toFixed(2)}s (${nodes || "cached"})` }));
  return details;
}

function feedbackBar(answerId) {
  const bar = Object.assign(document.createElement("div"), { className: "feedback" });
  const note = Object.assign(document.createElement("span"), { className: "muted" });
  // Words, not emoji: a browser without an emoji font would show empty boxes.
  bar.append(Object.assign(document.createElement("span"), { className: "muted", textContent: "Was this useful?" }));
  for (const [rating, label] of [["up", "Yes"], ["down", "No"]]) {
    const b = Object.assign(document.createElement("button"), { type: "button", textContent: label, title: `rate ${rating}` });
    b.addEventListener("click", async () => {
      try {
        await api(`/v1/answers/${encodeURIComponent(answerId)}/feedback`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ rating }),
        });
        note.textContent = "Thanks for the feedback.";
      } catch (err) { showError(err); }
    });
    bar.append(b);
  }
  bar.append(note);
  return bar;
}

async function openPassage(cite, button, collection) {
  document.querySelectorAll(".cite.active").forEach((b) => b.classList.remove("active"));
  button.classList.add("active");
  try {
    const passage = await api(`/v1/passages/${encodeURIComponent(cite.chunk_id)}?collection=${encodeURIComponent(collection || current())}`);
    $("passage-title").textContent = passage.title || passage.source;
    $("passage-source").textContent = `${passage.source}${passage.page != null ? ` · page ${passage.page}` : ""}`;
    const [from, to] = span(passage, cite);
    const text = passage.text;
    const mark = Object.assign(document.createElement("mark"), { textContent: text.slice(from, to) });
    $("passage-text").replaceChildren(text.slice(0, from), mark, text.slice(to));
    $("passage").hidden = false;
    $("passage").scrollIntoView({ block: "nearest" });
  } catch (err) { showError(err); }
}

// The quote's span inside the passage: document offsets when they fall inside it, else the quote's text.
function span(passage, cite) {
  const n = passage.text.length;
  if (Number.isInteger(cite.start) && Number.isInteger(cite.end) && cite.start >= passage.start && cite.end <= passage.end && cite.end > cite.start) {
    return [cite.start - passage.start, cite.end - passage.start];
  }
  const at = cite.quote ? passage.text.indexOf(cite.quote) : -1;
  return at >= 0 ? [at, at + cite.quote.length] : [0, n];
}

$("passage-close").addEventListener("click", () => { $("passage").hidden = true; });
loadCollections();
