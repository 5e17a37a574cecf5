/* nachlese report: draws every chart from the JSON in #report-data as inline SVG, no libraries.
   When done, <html data-rendered> is "ok", or "error: ..." naming the charts that failed. */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const WIDTH = 1056;  // drawing width of the full-width charts (viewBox units; they scale down)
  const NODE_LABEL_WIDTH = 170;  // a network label is cut to this width (viewBox units)
  const MAX_MONTH_BARS = 96;  // beyond eight years of months, draw one bar per year
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const LANGUAGE_NAMES = {
    de: "German", en: "English", fr: "French", nl: "Dutch", da: "Danish", pl: "Polish", es: "Spanish",
    it: "Italian", sv: "Swedish", "": "unknown",
  };
  const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#7f7f7f",
                   "#8c564b", "#17becf"];
  const LABEL_COLOURS = { PER: "#d55e00", ORG: "#009e73", LOC: "#0072b2" };
  const RUN_SERIES = [
    { key: "fetched", label: "fetched", colour: "#6b7a90" },
    { key: "new", label: "new articles", colour: "#009e73" },
    { key: "changed", label: "changed articles", colour: "#e69f00" },
    { key: "failed", label: "failed", colour: "#b42318" },
  ];

  const root = document.documentElement;
  const failures = [];
  window.addEventListener("error", function (event) {
    root.dataset.rendered = "error: " + event.message;
  });

  const data = JSON.parse(document.getElementById("report-data").textContent);

  // --- small DOM helpers -------------------------------------------------------------------------

  function byId(id) {
    return document.getElementById(id);
  }

  function html(tag, attrs, parent, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function svg(tag, attrs, parent, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function canvas(parent, width, height, label) {
    return svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
                        "aria-label": label }, parent);
  }

  function tooltip(node, text) {
    svg("title", {}, node, text);
  }

  function fmt(n) {
    return Number(n).toLocaleString("en-US");
  }

  function day(iso) {
    return iso ? iso.slice(0, 10) : "?";
  }

  /** Give an SVG text node ``text``, cut on the right with "…" until it is at most ``maxWidth`` wide as drawn
      (so a right-aligned name is never clipped on the left); the full text shows on hover. */
  function fitText(node, text, maxWidth) {
    node.textContent = text;
    let keep = text.length;
    while (keep > 1 && node.getComputedTextLength() > maxWidth) {
      keep -= 1;
      node.textContent = text.slice(0, keep).trimEnd() + "…";
    }
    tooltip(node, text);
  }

  function empty(container, message) {
    html("p", { class: "empty" }, container, message);
  }

  function legend(container, items) {
    for (const item of items) {
      const entry = html("span", {}, container);
      html("span", { class: "swatch", style: "background:" + item.colour }, entry);
      entry.appendChild(document.createTextNode(item.label));
    }
  }

  function languageName(code) {
    return code ? code + (LANGUAGE_NAMES[code] ? " (" + LANGUAGE_NAMES[code] + ")" : "") : "unknown language";
  }

  /** A rounded axis maximum >= max and its tick step (1, 2 or 5 times a power of ten). */
  function niceScale(max, ticks) {
    if (max <= 0) return { max: 1, step: 1 };
    const raw = max / ticks;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw);
    const wholeStep = Math.max(1, step);
    return { max: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
  }

  /** Horizontal grid lines and y-axis numbers for a chart area. */
  function yAxis(parent, scale, left, top, width, height) {
    const grid = svg("g", { class: "grid" }, parent);
    for (let value = 0; value <= scale.max; value += scale.step) {
      const y = top + height - (value / scale.max) * height;
      svg("line", { x1: left, x2: left + width, y1: y, y2: y }, grid);
      svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "tick" }, parent, fmt(value));
    }
  }

  function draw(sectionId, name, drawer) {
    try {
      drawer();
    } catch (error) {
      failures.push(name + ": " + error.message);
      html("p", { class: "error" }, byId(sectionId), "This chart could not be drawn: " + error.message);
    }
  }

  // --- header ------------------------------------------------------------------------------------

  function drawHeader() {
    const counts = data.counts;
    byId("meta").textContent = "Database " + data.database + " · " + counts.sites + " site(s): " +
      data.sites.join(", ") + " · generated " + data.generatedAt.slice(0, 16).replace("T", " ") + " UTC";
    const languages = Object.entries(data.perLanguage).sort((a, b) => b[1] - a[1]);
    const cards = [
      { value: fmt(counts.articles), label: "articles" },
      { value: day(data.firstPublished).slice(0, 4) + "–" + day(data.lastPublished).slice(0, 4),
        label: "published " + day(data.firstPublished) + " to " + day(data.lastPublished) },
      { value: String(languages.length),
        label: "languages: " + languages.map(([code, n]) => (code || "?") + " " + fmt(n)).join(", ") },
      { value: fmt(counts.undatedArticles), label: "undated articles" },
      { value: fmt(counts.pages), label: "pages fetched" },
      { value: fmt(counts.failedPages), label: "failed pages", bad: counts.failedPages > 0 },
      { value: fmt(data.runs.length), label: "crawl runs shown" },
    ];
    for (const card of cards) {
      const box = html("div", { class: "card" + (card.bad ? " bad" : "") }, byId("cards"));
      html("div", { class: "value" }, box, card.value);
      html("div", { class: "label" }, box, card.label);
    }
    byId("footer").textContent = "Generated by nachlese report from " + data.database + ". Browse and search " +
      "the same data with `nachlese serve` (SQLite databases).";
  }

  // --- articles per month, stacked by language ---------------------------------------------------

  function monthBuckets(months) {
    const first = months[0];
    const last = months[months.length - 1];
    const span = (last.year - first.year) * 12 + (last.month - first.month) + 1;
    const byYear = span > MAX_MONTH_BARS;
    const buckets = [];
    const index = new Map();
    if (byYear) {
      for (let year = first.year; year <= last.year; year++) {
        index.set(String(year), buckets.length);
        buckets.push({ year: year, month: null, counts: {}, total: 0 });
      }
    } else {
      for (let i = 0; i < span; i++) {
        const year = first.year + Math.floor((first.month - 1 + i) / 12);
        const month = ((first.month - 1 + i) % 12) + 1;
        index.set(year + "-" + month, buckets.length);
        buckets.push({ year: year, month: month, counts: {}, total: 0 });
      }
    }
    for (const m of months) {
      const bucket = buckets[index.get(byYear ? String(m.year) : m.year + "-" + m.month)];
      bucket.counts[m.language] = (bucket.counts[m.language] || 0) + m.articles;
      bucket.total += m.articles;
    }
    return { buckets: buckets, byYear: byYear, span: span };
  }

  function drawMonths() {
    const container = byId("months-chart");
    const months = data.months;
    const undated = data.counts.undatedArticles;
    const undatedNote = undated ? fmt(undated) + " undated article(s) are not shown. " : "";
    if (!months.length) {
      byId("months-note").textContent = undatedNote;
      empty(container, "No dated articles.");
      return;
    }
    const totals = {};
    for (const m of months) totals[m.language] = (totals[m.language] || 0) + m.articles;
    const languages = Object.keys(totals).sort((a, b) => totals[b] - totals[a] || a.localeCompare(b));
    const colour = {};
    languages.forEach((code, i) => { colour[code] = PALETTE[i % PALETTE.length]; });
    legend(byId("months-legend"), languages.map((code) => ({
      label: languageName(code) + ": " + fmt(totals[code]), colour: colour[code] })));

    const { buckets, byYear, span } = monthBuckets(months);
    byId("months-note").textContent = "Dated articles per " + (byYear ? "year" : "calendar month") +
      " (UTC), stacked by language. " + (byYear ? "The archive spans " + fmt(span) + " months. " : "") +
      undatedNote;
    const height = 300;
    const margin = { top: 12, right: 8, bottom: 44, left: 48 };
    const plotW = WIDTH - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;
    const chart = canvas(container, WIDTH, height, "Articles per " + (byYear ? "year" : "month") + " by language");
    const scale = niceScale(Math.max(...buckets.map((b) => b.total)), 5);
    yAxis(chart, scale, margin.left, margin.top, plotW, plotH);
    const slot = plotW / buckets.length;
    const barW = Math.max(1, Math.min(48, slot * 0.8));
    const labelEvery = byYear ? Math.ceil(buckets.length / 24) : (buckets.length <= 36 ? 1 : 12);
    buckets.forEach((bucket, i) => {
      const x = margin.left + i * slot + (slot - barW) / 2;
      let y = margin.top + plotH;
      const name = byYear ? String(bucket.year) : MONTHS[bucket.month - 1] + " " + bucket.year;
      for (const code of languages) {
        const n = bucket.counts[code] || 0;
        if (!n) continue;
        const h = (n / scale.max) * plotH;
        y -= h;
        const rect = svg("rect", { x: x, y: y, width: barW, height: h, fill: colour[code] }, chart);
        tooltip(rect, name + ": " + fmt(n) + " " + languageName(code) + " of " + fmt(bucket.total));
      }
      const cx = x + barW / 2;
      const showLabel = byYear ? i % labelEvery === 0 : (labelEvery === 1 || bucket.month === 1);
      if (showLabel) {
        const label = byYear ? String(bucket.year) : (labelEvery === 1 ? MONTHS[bucket.month - 1] : "");
        if (label) svg("text", { x: cx, y: margin.top + plotH + 15, "text-anchor": "middle", class: "tick" },
                       chart, label);
      }
      if (!byYear && (i === 0 || bucket.month === 1)) {
        svg("text", { x: cx, y: margin.top + plotH + 31, "text-anchor": "middle", class: "tick",
                      "font-weight": "600" }, chart, String(bucket.year));
      }
    });
    svg("line", { x1: margin.left, x2: margin.left + plotW, y1: margin.top + plotH, y2: margin.top + plotH,
                  stroke: "#9aa3b0" }, chart);
  }

  // --- top entities per label --------------------------------------------------------------------

  function drawEntities() {
    const container = byId("entities-charts");
    for (const [label, heading] of Object.entries(data.labels)) {
      const column = html("div", {}, container);
      html("h3", {}, column, heading + " (" + label + ")");
      const rows = data.topEntities[label] || [];
      if (!rows.length) {
        empty(column, "No " + heading.toLowerCase() + " tagged.");
        continue;
      }
      const rowH = 21;
      const width = 340;
      const nameW = 138;
      const valueW = 58;
      const barMax = width - nameW - valueW;
      const chart = canvas(column, width, rows.length * rowH + 4, "Most mentioned " + heading.toLowerCase());
      const max = Math.max(...rows.map((r) => r.mentions));
      rows.forEach((row, i) => {
        const y = i * rowH + 2;
        const name = svg("text", { x: nameW - 6, y: y + 14, "text-anchor": "end", "font-size": 12,
                                   class: "entity-name" }, chart);
        fitText(name, row.name, nameW - 8);
        const bar = svg("rect", { x: nameW, y: y + 3, width: Math.max(1, (row.mentions / max) * barMax),
                                  height: rowH - 6, fill: LABEL_COLOURS[label] || PALETTE[0], rx: 2 }, chart);
        tooltip(bar, row.name + ": " + fmt(row.mentions) + " mentions in " + fmt(row.articles) + " articles");
        svg("text", { x: nameW + (row.mentions / max) * barMax + 4, y: y + 14, class: "value-label" }, chart,
            fmt(row.mentions) + " (" + fmt(row.articles) + ")");
      });
    }
  }

  // --- co-occurrence network ---------------------------------------------------------------------

  /** Fruchterman-Reingold layout from a circle: deterministic (no randomness), fitted to the box.
      Repulsion acts only within a few k, and a weak pull to the centre keeps separate clusters close. */
  function layout(nodes, edges, width, height, pad) {
    const n = nodes.length;
    nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / n;
      node.x = width / 2 + (width / 3) * Math.cos(angle);
      node.y = height / 2 + (height / 3) * Math.sin(angle);
    });
    const k = 0.75 * Math.sqrt((width * height) / Math.max(n, 1));
    const reach = 3 * k;
    const gravity = 0.04;
    const iterations = 400;
    for (let step = 0; step < iterations; step++) {
      const temperature = (width / 8) * (1 - step / iterations) + 0.5;
      for (const node of nodes) { node.dx = 0; node.dy = 0; }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = nodes[i];
          const b = nodes[j];
          let dx = a.x - b.x;
          let dy = a.y - b.y;
          let d = Math.hypot(dx, dy);
          if (d < 0.01) { dx = 0.01 * (i - j); dy = 0.01; d = Math.hypot(dx, dy); }
          if (d > reach) continue;
          const force = (k * k) / d;
          a.dx += (dx / d) * force; a.dy += (dy / d) * force;
          b.dx -= (dx / d) * force; b.dy -= (dy / d) * force;
        }
      }
      for (const edge of edges) {
        const dx = edge.source.x - edge.target.x;
        const dy = edge.source.y - edge.target.y;
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const force = ((d * d) / k) * (1 + Math.log(edge.articles));
        edge.source.dx -= (dx / d) * force; edge.source.dy -= (dy / d) * force;
        edge.target.dx += (dx / d) * force; edge.target.dy += (dy / d) * force;
      }
      for (const node of nodes) {
        node.dx += (width / 2 - node.x) * gravity * k / 10;
        node.dy += (height / 2 - node.y) * gravity * k / 10;
        const d = Math.max(Math.hypot(node.dx, node.dy), 0.01);
        node.x += (node.dx / d) * Math.min(d, temperature);
        node.y += (node.dy / d) * Math.min(d, temperature);
      }
    }
    const xs = nodes.map((node) => node.x);
    const ys = nodes.map((node) => node.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    for (const node of nodes) {
      node.x = maxX > minX ? pad.left + ((node.x - minX) / (maxX - minX)) * (width - pad.left - pad.right)
                           : width / 2;
      node.y = maxY > minY ? pad.top + ((node.y - minY) / (maxY - minY)) * (height - pad.top - pad.bottom)
                           : height / 2;
    }
  }

  function drawNetwork() {
    const container = byId("network-chart");
    const pairs = data.pairs;
    if (!pairs.length) {
      byId("network-note").textContent = "";
      empty(container, "No two entities are mentioned in the same article.");
      return;
    }
    const nodes = [];
    const byKey = new Map();
    function node(entity) {
      const key = entity.label + "\u0000" + entity.name;
      if (!byKey.has(key)) {
        byKey.set(key, { label: entity.label, name: entity.name, weight: 0, degree: 0 });
        nodes.push(byKey.get(key));
      }
      return byKey.get(key);
    }
    const edges = pairs.map((pair) => ({ source: node(pair.a), target: node(pair.b), articles: pair.articles }));
    for (const edge of edges) {
      for (const end of [edge.source, edge.target]) { end.weight += edge.articles; end.degree += 1; }
    }
    nodes.sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
    const maxArticles = Math.max(...edges.map((e) => e.articles));
    const maxWeight = Math.max(...nodes.map((n) => n.weight));
    byId("network-note").textContent = "The " + fmt(pairs.length) + " pairs of entities that share the most " +
      "articles (" + fmt(nodes.length) + " entities). A thicker line means more shared articles (at most " +
      fmt(maxArticles) + "); a larger dot, more shared articles with the entities shown.";
    const labelsSeen = [...new Set(nodes.map((n) => n.label))].sort();
    legend(byId("network-legend"), labelsSeen.map((label) => ({
      label: (data.labels[label] || label) + " (" + label + ")", colour: LABEL_COLOURS[label] || PALETTE[7] })));

    const height = 600;
    layout(nodes, edges, WIDTH, height, { left: 24, right: 150, top: 24, bottom: 24 });
    const chart = canvas(container, WIDTH, height, "Network of entities mentioned together");
    const edgeGroup = svg("g", {}, chart);
    edges.sort((a, b) => a.articles - b.articles);  // strongest drawn last, on top
    for (const edge of edges) {
      const strength = maxArticles > 1 ? (edge.articles - 1) / (maxArticles - 1) : 1;
      const line = svg("line", { x1: edge.source.x, y1: edge.source.y, x2: edge.target.x, y2: edge.target.y,
                                 stroke: "#5b6575", "stroke-width": 1 + 5 * strength,
                                 "stroke-opacity": 0.25 + 0.5 * strength, "stroke-linecap": "round" }, edgeGroup);
      tooltip(line, edge.source.name + " – " + edge.target.name + ": " + fmt(edge.articles) + " shared articles");
    }
    const nodeGroup = svg("g", {}, chart);
    for (const n of nodes) {
      const r = 4 + 9 * Math.sqrt(n.weight / maxWeight);
      const dot = svg("circle", { cx: n.x, cy: n.y, r: r, fill: LABEL_COLOURS[n.label] || PALETTE[7],
                                  stroke: "#ffffff", "stroke-width": 1.5 }, nodeGroup);
      tooltip(dot, n.name + " (" + n.label + "): linked to " + fmt(n.degree) + " of the entities shown");
      // the label goes on the side of the dot with more room, and is cut to fit inside the chart
      const right = WIDTH - (n.x + r + 3) - 2;
      const left = n.x - r - 3 - 2;
      const label = svg("text", { x: right >= left ? n.x + r + 3 : n.x - r - 3, y: n.y + 4, class: "node-label",
                                  "text-anchor": right >= left ? "start" : "end" }, nodeGroup);
      fitText(label, n.name, Math.min(NODE_LABEL_WIDTH, Math.max(right, left)));
    }
  }

  // --- crawl health ------------------------------------------------------------------------------

  function drawRuns() {
    const container = byId("runs-chart");
    const runs = data.runs;
    if (!runs.length) {
      empty(container, "No crawl runs recorded.");
      return;
    }
    legend(byId("runs-legend"), RUN_SERIES);
    const height = 260;
    const margin = { top: 12, right: 8, bottom: 40, left: 56 };
    const plotW = WIDTH - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;
    const chart = canvas(container, WIDTH, height, "Pages per crawl run");
    const scale = niceScale(Math.max(...runs.map((r) => Math.max(...RUN_SERIES.map((s) => r[s.key])))), 5);
    yAxis(chart, scale, margin.left, margin.top, plotW, plotH);
    const slot = Math.min(plotW / runs.length, 160);
    const barW = (slot * 0.8) / RUN_SERIES.length;
    const labelEvery = Math.ceil(80 / slot);  // a date label needs about 80 units
    runs.forEach((run, i) => {
      const x0 = margin.left + i * slot + slot * 0.1;
      RUN_SERIES.forEach((series, j) => {
        const h = (run[series.key] / scale.max) * plotH;
        const rect = svg("rect", { x: x0 + j * barW, y: margin.top + plotH - h, width: Math.max(barW - 1, 1),
                                   height: h, fill: series.colour }, chart);
        tooltip(rect, "run " + run.id + " (" + day(run.startedAt) + ", " + run.status + "): " +
                fmt(run[series.key]) + " " + series.label);
      });
      if (i % labelEvery === 0) {
        const cx = x0 + slot * 0.4;
        svg("text", { x: cx, y: margin.top + plotH + 15, "text-anchor": "middle", class: "tick" }, chart,
            "#" + run.id);
        svg("text", { x: cx, y: margin.top + plotH + 29, "text-anchor": "middle", class: "tick" }, chart,
            day(run.startedAt));
      }
    });
    svg("line", { x1: margin.left, x2: margin.left + plotW, y1: margin.top + plotH, y2: margin.top + plotH,
                  stroke: "#9aa3b0" }, chart);

    const table = html("table", {}, byId("runs-table"));
    const head = html("tr", {}, html("thead", {}, table));
    const columns = ["run", "site", "started (UTC)", "status", "seconds", "fetched", "new", "changed", "unchanged",
                     "failed", "robots.txt"];
    for (const column of columns) html("th", {}, head, column);
    const body = html("tbody", {}, table);
    for (const run of runs.slice().reverse()) {
      const row = html("tr", {}, body);
      const cells = [run.id, run.site, run.startedAt.slice(0, 19).replace("T", " "), run.status,
                     run.durationSeconds === null ? "–" : run.durationSeconds.toFixed(1), fmt(run.fetched),
                     fmt(run.new), fmt(run.changed), fmt(run.unchanged), fmt(run.failed), fmt(run.robotsSkipped)];
      cells.forEach((value, i) => html("td", i === 3 ? { class: "status-" + run.status } : {}, row, String(value)));
    }
  }

  draw("cards", "summary", drawHeader);
  draw("months-section", "articles per month", drawMonths);
  draw("entities-section", "top entities", drawEntities);
  draw("network-section", "co-occurrence network", drawNetwork);
  draw("runs-section", "crawl health", drawRuns);
  if (!root.dataset.rendered.startsWith("error")) {
    root.dataset.rendered = failures.length ? "error: " + failures.join("; ") : "ok";
  }
})();
