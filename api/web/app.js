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
$("ask-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const question = $("question").value.trim();
  if (!question || !current()) return showError("pick a collection and type a question");
  showError(null);
  $("ask").disabled = true;
  $("progress").replaceChildren();
  $("answer").hidden = true;
  $("passage").hidden = true;
  try {
    const res = await fetch(`/v1/collections/${encodeURIComponent(current())}/ask/stream`, {
      method: "POST",
      headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify({ question }),
    });
    if (!res.ok) throw new Error((await res.json()).error.message);
    for await (const event of readEvents(res.body)) onEvent(event);
  } catch (err) { showError(err); }
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
  const li = document.createElement("li");
  li.className = `event-${event}`;
  li.textContent = `${event}: ${describe(event, data)}`;
  $("progress").append(li);
  if (event === "answer") renderAnswer(data);
  if (event === "error") showError(data.message || "the agent failed");
}

function describe(event, d) {
  if (event === "plan") return (d.sub_queries || d.queries || []).map((q) => q.query || q.text || q).join(" · ") || JSON.stringify(d);
  if (event === "retrieved") return `${d.n ?? (d.hits || d.passages || []).length} passages${d.query ? ` for “${d.query}”` : ""}`;
  if (event === "answer") return d.abstained ? "abstained" : "done";
  const text = JSON.stringify(d);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

// The answer: each claim followed by numbered markers; a marker opens its passage with the quote highlighted.
function renderAnswer(a) {
  const el = $("answer");
  el.replaceChildren();
  el.hidden = false;
  el.classList.toggle("abstained", Boolean(a.abstained));
  el.dataset.answerId = a.answer_id || "";
  if (a.abstained) {
    el.append(Object.assign(document.createElement("p"), { className: "abstain-label", textContent: "Sleuth abstained: the collection does not support an answer." }));
    if (a.reason || a.abstain_reason) el.append(Object.assign(document.createElement("p"), { className: "muted", textContent: a.reason || a.abstain_reason }));
  }
  const numbers = new Map();
  const claims = a.claims || [];
  const p = document.createElement("p");
  if (!claims.length && a.answer) p.append(a.answer);
  for (const claim of claims) {
    p.append(`${claim.text ?? claim.claim ?? ""} `);
    for (const c of claim.citations || []) {
      const id = `${c.chunk_id}|${c.quote || ""}`;
      if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
      const b = Object.assign(document.createElement("button"), { type: "button", className: "cite", textContent: `[${numbers.get(id)}]` });
      b.title = `${c.title || c.source || ""}${c.page ? `, p. ${c.page}` : ""}`;
      b.addEventListener("click", () => openPassage(c, b));
      p.append(b);
    }
    p.append(" ");
  }
  el.append(p);
  if (a.answer_id) el.append(feedbackBar(a.answer_id));
}

function feedbackBar(answerId) {
  const bar = Object.assign(document.createElement("div"), { className: "feedback" });
  const note = Object.assign(document.createElement("span"), { className: "muted" });
  for (const [rating, label] of [["up", "👍"], ["down", "👎"]]) {
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

async function openPassage(cite, button) {
  document.querySelectorAll(".cite.active").forEach((b) => b.classList.remove("active"));
  button.classList.add("active");
  try {
    const passage = await api(`/v1/passages/${encodeURIComponent(cite.chunk_id)}?collection=${encodeURIComponent(current())}`);
    $("passage-title").textContent = passage.title;
    $("passage-source").textContent = `${passage.source}${passage.page != null ? ` · page ${passage.page}` : ""}`;
    const [from, to] = span(passage, cite);
    const text = passage.text;
    const mark = Object.assign(document.createElement("mark"), { textContent: text.slice(from, to) });
    $("passage-text").replaceChildren(text.slice(0, from), mark, text.slice(to));
    $("passage").hidden = false;
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
