// The cited page of the PDF, drawn by PDF.js (vendored under static/pdfjs), with the quoted sentence
// marked over the page image. The text page view stays one link away for screen readers and no-JS use.
import * as pdfjs from "./pdfjs/pdf.min.mjs";

const viewer = document.getElementById("viewer");
const status = document.getElementById("viewer-status");
pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.worker;

// Letters and digits only, lower-cased: PDF.js splits text into runs, hyphenates and spaces it
// otherwise than the cleaned page text the quote comes from.
function normalize(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

function findQuote(texts, quote) {
  const owners = [];  // for every normalised character, the text run it comes from
  let joined = "";
  texts.forEach((text, i) => {
    const piece = normalize(text);
    joined += piece;
    for (let k = 0; k < piece.length; k++) { owners.push(i); }
  });
  const wanted = normalize(quote);
  for (const length of [wanted.length, 160, 80, 40]) {  // a long quote may cross a page break or a figure
    const probe = wanted.slice(0, Math.min(length, wanted.length));
    const at = probe.length >= 12 ? joined.indexOf(probe) : -1;
    if (at >= 0) {
      const end = Math.min(at + wanted.length, owners.length) - 1;
      return new Set(owners.slice(at, end + 1));
    }
  }
  return new Set();
}

async function show() {
  const pageNumber = Number(viewer.dataset.page);
  const pdf = await pdfjs.getDocument({ url: viewer.dataset.pdf, isEvalSupported: false }).promise;
  const page = await pdf.getPage(pageNumber);
  const width = Math.min(viewer.clientWidth || 900, 1100);
  const scale = width / page.getViewport({ scale: 1 }).width;
  const viewport = page.getViewport({ scale });
  const canvas = document.createElement("canvas");
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${viewport.width}px`;
  canvas.style.height = `${viewport.height}px`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", viewer.dataset.label);
  const sheet = document.createElement("div");
  sheet.className = "sheet";
  sheet.style.width = `${viewport.width}px`;
  sheet.style.height = `${viewport.height}px`;
  sheet.appendChild(canvas);
  viewer.replaceChildren(sheet);
  await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport,
                      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null }).promise;
  const quote = viewer.dataset.quote || "";
  if (!quote) { status.textContent = viewer.dataset.shown; return; }
  // the text layer's runs, placed on the page; for a scanned page, the words OCR read and where it saw them
  const content = await page.getTextContent();
  let runs = content.items.filter((item) => item.str.trim()).map((item) => {
    const [x, y] = viewport.convertToViewportPoint(item.transform[4], item.transform[5]);
    const height = Math.hypot(item.transform[2], item.transform[3]) * scale;
    return { text: item.str, left: x, top: y - height, width: item.width * scale, height: height * 1.15 };
  });
  const words = JSON.parse(viewer.dataset.boxes || "[]");
  if (!runs.length && words.length) {
    runs = words.map(([text, x0, y0, x1, y1]) => ({
      text, left: x0 * viewport.width, top: y0 * viewport.height,
      width: (x1 - x0) * viewport.width, height: (y1 - y0) * viewport.height }));
  }
  const marked = findQuote(runs.map((run) => run.text), quote);
  let first = null;
  runs.forEach((run, i) => {
    if (!marked.has(i)) { return; }
    const box = document.createElement("mark");
    box.className = "hl";
    box.setAttribute("aria-hidden", "true");  // the quote is read out above the image
    box.textContent = run.text;
    box.style.left = `${run.left}px`;
    box.style.top = `${run.top}px`;
    box.style.width = `${run.width}px`;
    box.style.height = `${run.height}px`;
    sheet.appendChild(box);
    first = first || box;
  });
  viewer.dataset.highlighted = String(marked.size);
  status.textContent = marked.size ? viewer.dataset.found : viewer.dataset.missing;
  if (first) { first.scrollIntoView({ block: "center" }); }
}

show().catch((error) => {
  status.textContent = `${viewer.dataset.failed} (${error.message})`;
  viewer.dataset.highlighted = "error";
});
