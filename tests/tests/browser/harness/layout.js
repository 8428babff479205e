// The layout check of Browser::snapshot, run in the page at each width. Returns a list of
// problems, each naming the elements involved (tag#id.class[name] «text»):
// - no viewport meta: a phone would lay the page out 980 px wide and shrink it;
// - the page scrolls sideways, or a visible element sticks out past the window's left or right
//   edge (unless a scroll container, overflow-x other than visible, holds it: a wide table);
// - two visible things overlap by more than 2 px both ways, where a thing is a control (link,
//   button, field…) or a line of text, and neither contains the other. What a scroll box
//   (overflow other than visible) clips away is not seen: only the part inside counts;
// - a picture that did not load.
const MAX_REPORTED = 20;
const width = document.documentElement.clientWidth;
const problems = [];

const describe = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  for (const c of [...el.classList].slice(0, 2)) s += '.' + c;
  const name = el.getAttribute('name');
  if (name) s += `[name="${name}"]`;
  const raw = el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('alt') || '';
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text) s += ` «${text.length > 40 ? text.slice(0, 40) + '…' : text}»`;
  return s;
};
const round = (r) => `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`;
// Whether an element hides what it holds: not rendered, transparent, or a 1 px clipping box
// (visually hidden text for screen readers).
const hiding = new Map();
const hidesContent = (el) => {
  if (!hiding.has(el)) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const tiny = (r.width <= 1 || r.height <= 1) && style.overflow !== 'visible';
    const own = style.display === 'none' || Number(style.opacity) === 0 || tiny;
    hiding.set(el, own || (el.parentElement !== null && hidesContent(el.parentElement)));
  }
  return hiding.get(el);
};
// Rendered, visible and bigger than 1 px, and no ancestor hides it.
const isShown = (el) => {
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  // checkVisibility: false inside a closed <details> and other content-visibility: hidden.
  return style.visibility === 'visible' && r.width > 1 && r.height > 1 && !hidesContent(el) && el.checkVisibility();
};
const inScrollContainer = (el) => {
  for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true;
  }
  return false;
};

// The part of the window that `from` and its ancestors with overflow other than visible leave
// visible: [left, top, right, bottom].
const clips = new Map();
const clipOf = (from) => {
  if (!from || from === document.body || from === document.documentElement) return [-Infinity, -Infinity, Infinity, Infinity];
  if (!clips.has(from)) {
    const outer = clipOf(from.parentElement);
    const style = getComputedStyle(from);
    let clip = outer;
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      const r = from.getBoundingClientRect();
      clip = [Math.max(outer[0], r.left), Math.max(outer[1], r.top), Math.min(outer[2], r.right), Math.min(outer[3], r.bottom)];
    }
    clips.set(from, clip);
  }
  return clips.get(from);
};
// `rect` cut to `clip`, or null when less than 2 px of it is left either way.
const clipped = (rect, clip) => {
  const left = Math.max(rect.left, clip[0]), top = Math.max(rect.top, clip[1]);
  const right = Math.min(rect.right, clip[2]), bottom = Math.min(rect.bottom, clip[3]);
  if (right - left <= 1 || bottom - top <= 1) return null;
  return { left, top, right, bottom, width: right - left, height: bottom - top };
};

const viewport = document.querySelector('meta[name="viewport"]');
if (!viewport || !/width\s*=\s*device-width/.test(viewport.content)) {
  problems.push('no <meta name="viewport" content="width=device-width, initial-scale=1">: ' +
    'a phone lays the page out 980 px wide and shrinks it');
}
const scrollWidth = document.documentElement.scrollWidth;
if (scrollWidth > width) problems.push(`the page scrolls sideways: ${scrollWidth} px wide in a ${width} px window`);

const sticking = [];
for (const el of document.body.querySelectorAll('*')) {
  if (!isShown(el)) continue;
  const r = el.getBoundingClientRect();
  if ((r.right > width + 1 || r.left < -1) && !inScrollContainer(el)) sticking.push(el);
}
// The outermost ones are the cause; their children stick out with them.
for (const el of sticking.filter((el) => !sticking.includes(el.parentElement))) {
  problems.push(`${describe(el)} sticks out of the ${width} px window: ${round(el.getBoundingClientRect())}`);
}

// Pictures that did not load: a broken address, a file refused to this visitor.
for (const img of document.images) {
  if (isShown(img) && (!img.complete || img.naturalWidth === 0)) {
    problems.push(`${describe(img)} did not load: ${img.currentSrc || img.src}`);
  }
}

const CONTROLS = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, ' +
  '[role="button"], [role="link"], [tabindex]:not([tabindex="-1"])';
const boxes = [];
for (const el of document.body.querySelectorAll(CONTROLS)) {
  if (!isShown(el)) continue;
  // A link that wraps onto several lines is one box per line, not the rectangle around them all.
  for (const whole of el.getClientRects()) {
    const rect = clipped(whole, clipOf(el.parentElement));
    if (rect) boxes.push({ el, rect, what: describe(el) });
  }
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const owner = node.parentElement;
  if (!node.data.trim() || !owner || !isShown(owner) || owner.closest('select, script, style, noscript, template')) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const whole of range.getClientRects()) {
    const rect = clipped(whole, clipOf(owner));
    if (rect) {
      const text = node.data.trim().replace(/\s+/g, ' ');
      // The text of a button or a link belongs to it: one overlap of two buttons is one problem.
      boxes.push({ el: owner.closest(CONTROLS) || owner, rect, what: `the text «${text.length > 40 ? text.slice(0, 40) + '…' : text}» of ${describe(owner).split(' «')[0]}` });
    }
  }
}
let overlaps = 0;
// Each pair of elements once, however many of their boxes overlap.
const reported = new Set();
const ids = new Map();
const pair = (a, b) => {
  for (const el of [a, b]) if (!ids.has(el)) ids.set(el, ids.size);
  return [ids.get(a), ids.get(b)].sort((x, y) => x - y).join('-');
};
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el) || reported.has(pair(a.el, b.el))) continue;
    const w = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
    const h = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
    if (w > 2 && h > 2) {
      overlaps++;
      reported.add(pair(a.el, b.el));
      if (overlaps <= MAX_REPORTED) {
        problems.push(`${a.what} at ${round(a.rect)} overlaps ${b.what} at ${round(b.rect)}`);
      }
    }
  }
}
if (overlaps > MAX_REPORTED) problems.push(`…and ${overlaps - MAX_REPORTED} more overlaps`);
return problems;
