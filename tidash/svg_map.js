// The pages' maps as plain SVG (tidash/svg_map.py). The territories' map (national and Régions
// pages): each served layer is fetched once per page and projected once (Mercator, as the plotly
// maps); a filter change only recolours the paths. A territory's map (profile page, slides): its région,
// members and points, drawn again at each render. Names and values are data: set as text, never as HTML.
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1000;  // viewBox units across the map
const layers = new Map();  // layer URL → Promise of its features [{id, rings}]

function mercator([lon, lat]) {
  const phi = Math.max(-85, Math.min(85, lat)) * Math.PI / 180;
  return [lon * Math.PI / 180, -Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}

function polygons(geometry, id) {
  if (geometry?.type === "Polygon") return [geometry.coordinates];
  if (geometry?.type === "MultiPolygon") return geometry.coordinates;
  if (geometry?.type === "GeometryCollection") return geometry.geometries.flatMap(g => polygons(g, id));
  console.warn(`territoire ${id} : géométrie ${geometry?.type} non dessinée`);
  return [];
}

function projectedRings(geometry, id) {  // every ring of a (multi)polygon, in projected coordinates
  return polygons(geometry, id).flat().map(ring => ring.map(mercator));
}

function layer(url) {
  if (!layers.has(url)) {
    layers.set(url, fetch(url).then(r => {
      if (!r.ok) throw new Error(`couche ${url} : ${r.status}`);
      return r.json();
    }).then(collection => collection.features.map(f => ({
      id: String(f.id), rings: projectedRings(f.geometry, f.id),
    }))).catch(error => {
      layers.delete(url);  // fetched again at the next render, not failed until a page reload
      throw error;
    }));
  }
  return layers.get(url);
}

function frame(bounds) {
  const [x0, y1] = mercator([bounds[0], bounds[1]]);
  const [x1, y0] = mercator([bounds[2], bounds[3]]);
  const scale = WIDTH / (x1 - x0);
  return {scale, x0, y0, height: Math.ceil((y1 - y0) * scale)};
}

function pathOf(rings, f) {
  return rings.map(ring => "M" + ring.map(([x, y]) =>
    `${((x - f.x0) * f.scale).toFixed(1)} ${((y - f.y0) * f.scale).toFixed(1)}`).join("L") + "Z").join("");
}

// Zoom as on the plotly maps it replaces: the wheel zooms on the pointer, a drag pans, the
// « Vue entière » button goes back to the whole map (a double click would also be two clicks on a
// territory, each opening its profile). A drag is never read as a click on a territory.
const MAX_ZOOM = 12;
const MAX_LISTED = 5;  // points listed in one hover label

function zoomable(svg, whole, reset, onZoom) {
  let view = [...whole];
  let drag = null;
  const set = next => {
    const width = Math.min(whole[2], Math.max(whole[2] / MAX_ZOOM, next[2]));
    const height = width * whole[3] / whole[2];
    const x = Math.min(whole[0] + whole[2] - width, Math.max(whole[0], next[0]));
    const y = Math.min(whole[1] + whole[3] - height, Math.max(whole[1], next[1]));
    view = [x, y, width, height];
    svg.setAttribute("viewBox", view.map(v => String(+v.toFixed(1))).join(" "));  // « 0 0 1000 503 » when whole
    reset.hidden = width >= whole[2];
    onZoom(whole[2] / width);
  };
  const toView = event => {  // the pointer in viewBox units
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    return [point.x, point.y];
  };
  svg.addEventListener("wheel", event => {
    if (!event.deltaY || (event.deltaY > 0 && view[2] >= whole[2])) return;  // a sideways wheel, or nothing to zoom out of: the page scrolls
    event.preventDefault();
    const [px, py] = toView(event);
    const factor = Math.exp(event.deltaY * 0.002);
    set([px - (px - view[0]) * factor, py - (py - view[1]) * factor, view[2] * factor]);
  }, {passive: false});
  svg.addEventListener("pointerdown", event => { drag = {start: toView(event), moved: 0, x: event.clientX, y: event.clientY}; });
  svg.addEventListener("pointermove", event => {
    if (!drag || !event.buttons) return;
    drag.moved = Math.max(drag.moved, Math.hypot(event.clientX - drag.x, event.clientY - drag.y));
    if (drag.moved < 4) return;
    const [px, py] = toView(event);
    set([view[0] - (px - drag.start[0]), view[1] - (py - drag.start[1]), view[2]]);
  });
  reset.onclick = () => set([...whole]);
  reset.hidden = true;
  return () => drag && drag.moved >= 4;  // was the last press a drag?
}

function element(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function legend(box, data) {
  box.replaceChildren();
  if (!data.legend) return;
  if (data.legend.title) {
    const title = document.createElement("div");
    title.className = "ti-map-legend-title";
    title.textContent = data.legend.title;
    box.appendChild(title);
  }
  const row = document.createElement("div");
  row.className = "ti-map-legend-row";
  if (data.legend.kind === "linear") {
    const bar = document.createElement("div");
    bar.className = "ti-map-legend-bar";
    bar.style.background = `linear-gradient(to right, ${data.legend.colours.join(", ")})`;
    row.appendChild(bar);
    const ticks = document.createElement("div");
    ticks.className = "ti-map-legend-ticks";
    for (const text of data.legend.ticks) {
      const tick = document.createElement("span");
      tick.textContent = text;
      ticks.appendChild(tick);
    }
    box.append(row, ticks);
  } else {
    for (const [colour, text] of data.legend.entries) {
      const entry = document.createElement("span");
      entry.className = "ti-map-legend-entry";
      const swatch = document.createElement("i");
      swatch.style.background = colour;
      entry.append(swatch, document.createTextNode(text));
      row.appendChild(entry);
    }
    if (data.legend.entries.length) box.appendChild(row);
  }
  if (data.legend.sizes) box.appendChild(sizeLegend(data.legend.sizes));
}

// What a point's size means: round values drawn at the radius the map gives them (pixels, as the points).
function sizeLegend(sizes) {
  const row = document.createElement("div");
  row.className = "ti-map-legend-row ti-map-legend-sizes";
  row.appendChild(document.createTextNode(sizes.title));
  for (const [radius, text] of sizes.entries) {
    const entry = document.createElement("span");
    entry.className = "ti-map-legend-entry";
    const side = 2 * radius + 2;
    const icon = element("svg", {width: side, height: side, viewBox: `0 0 ${side} ${side}`});
    element("circle", {cx: side / 2, cy: side / 2, r: radius}, icon);
    entry.append(icon, document.createTextNode(text));
    row.appendChild(entry);
  }
  return row;
}

// The hover label: its first line in bold, every line set as text.
// A null line separates two points' labels (the next line is in bold again).
function showTip(root, tip, event, lines) {
  tip.replaceChildren();
  let bold = true;
  for (const line of lines) {
    if (line === null) { tip.appendChild(document.createElement("hr")); bold = true; continue; }
    if (!bold) tip.appendChild(document.createElement("br"));
    const text = document.createElement(bold ? "b" : "span");
    text.textContent = line;
    tip.appendChild(text);
    bold = false;
  }
  const box = root.getBoundingClientRect();
  tip.hidden = false;
  const x = event.clientX - box.left + 14, y = event.clientY - box.top + 14;
  tip.style.left = `${Math.max(0, Math.min(x, box.width - tip.offsetWidth - 4))}px`;
  // Above the pointer when it would pass the map's bottom (a slide's box hides what overflows).
  tip.style.top = `${y + tip.offsetHeight > box.height ? Math.max(0, y - 28 - tip.offsetHeight) : y}px`;
}

function shell(parentElement, data) {
  let root = parentElement.querySelector(".ti-map");
  if (!root) {
    root = document.createElement("div");
    root.className = "ti-map";
    root.innerHTML = '<div class="ti-map-frame"></div><button type="button" class="ti-map-reset" hidden>Vue entière</button>'
      + '<div class="ti-map-tip" hidden></div><div class="ti-map-legend"></div>';
    parentElement.appendChild(root);
  }
  // On a slide the map fills its box (Streamlit's height="stretch"), its type bigger.
  root.classList.toggle("ti-map-fill", Boolean(data.fill));
  const host = parentElement.host || parentElement;  // the shadow root's element in the page
  host.style.height = data.fill ? "100%" : "";
  root.style.setProperty("--ti-map-font", data.font || "14px");
  return root;
}

// Without its région outlines a map still draws.
function outlinesOf(data) {
  return data.outlines ? layer(data.outlines).catch(error => { console.warn(error.message); return []; })
                       : Promise.resolve([]);
}

// Renders overlap when a layer is still downloading: only the latest one may draw, and the map
// counts as drawn (data-drawn, read by the tests and the benchmark) once it has.
function drawLatest(root, holder, loading, draw) {
  const render = root._render = (root._render || 0) + 1;
  delete root.dataset.drawn;
  loading.then(loaded => { if (render === root._render) draw(loaded); }).catch(error => {
    if (render !== root._render) return;
    holder.textContent = `Carte indisponible : ${error.message}`;
    console.error(error);
  });
  return () => root._resize?.disconnect();
}

// Zoom and pan on a drawn map; `resize(pixels per viewBox unit)` keeps texts and points at their
// size in screen pixels whatever the map's width and zoom. Returns « was the last press a drag? ».
function screenSized(root, svg, f, resize) {
  let zoom = 1;
  const apply = () => {
    const box = svg.getBoundingClientRect();
    resize((Math.min(box.width / WIDTH, box.height / f.height) || 1) * zoom);
  };
  const dragged = zoomable(svg, [0, 0, WIDTH, f.height], root.querySelector(".ti-map-reset"),
                           level => { zoom = level; apply(); });
  apply();
  root._resize?.disconnect();  // one observer, on the map drawn now
  root._resize = new ResizeObserver(apply);
  root._resize.observe(svg);
  return dragged;
}

// A territory's map (profile page and slides): its région (served layer) under its members (inline
// geometry), with points sized in screen pixels whatever the zoom; drawn again at each render
// (a few hundred elements), as the plotly figure it is read from (tidash/maps.py).
function renderPoints(component) {
  const {data, parentElement} = component;
  const root = shell(parentElement, data);
  const holder = root.querySelector(".ti-map-frame");
  const tip = root.querySelector(".ti-map-tip");
  return drawLatest(root, holder, outlinesOf(data), outlines => {
    legend(root.querySelector(".ti-map-legend"), data);
    const f = frame(data.bounds);
    const svg = element("svg", {viewBox: `0 0 ${WIDTH} ${f.height}`, preserveAspectRatio: "xMidYMid meet",
                                role: "img", "aria-label": data.label, class: "ti-map-points"});
    if (!data.fill) svg.style.height = `${data.height}px`;
    const tips = new Map();
    const region = element("g", {class: "ti-map-region"}, svg);
    for (const shape of outlines) {
      element("path", {d: pathOf(shape.rings, f), fill: data.outlineStyle.fill, stroke: data.outlineStyle.line}, region);
    }
    const members = element("g", {class: "ti-map-members"}, svg);
    data.members.forEach((member, i) => {
      const rings = projectedRings(member.geometry, i);
      const path = element("path", {d: pathOf(rings, f), fill: data.memberStyle.fill, stroke: data.memberStyle.line,
                                    "stroke-width": data.memberStyle.width}, members);
      tips.set(path, member.tip);
    });
    const dots = element("g", {class: "ti-map-dots"}, svg);
    // The largest first: a small point is never hidden under a big one (same sizes keep their order).
    const ordered = data.points.map((point, i) => [point, i]).sort((a, b) => b[0][2] - a[0][2] || a[1] - b[1]);
    const circles = ordered.map(([[lon, lat, radius, colour, lines]]) => {
      const [x, y] = mercator([lon, lat]);
      const circle = element("circle", {cx: ((x - f.x0) * f.scale).toFixed(1), cy: ((y - f.y0) * f.scale).toFixed(1),
                                        fill: colour}, dots);
      tips.set(circle, lines);
      return [circle, radius];
    });
    holder.replaceChildren(svg);
    // Points keep their size in screen pixels, as plotly's markers do.
    screenSized(root, svg, f, scale => {
      for (const [circle, radius] of circles) circle.setAttribute("r", (radius / scale).toFixed(2));
    });
    // Points of one commune sit on each other: the label lists every point under the pointer.
    svg.onmousemove = event => {
      if (!tips.has(event.target)) { tip.hidden = true; return; }
      const under = event.target.tagName === "circle"
        ? root.getRootNode().elementsFromPoint(event.clientX, event.clientY).filter(e => e.tagName === "circle" && tips.has(e))
        : [event.target];
      const shown = under.slice(0, MAX_LISTED).map(e => tips.get(e));
      if (under.length > MAX_LISTED) shown.push([`… et ${under.length - MAX_LISTED} autres points ici`]);
      showTip(root, tip, event, shown.flatMap((lines, i) => i ? [null, ...lines] : lines));
    };
    svg.onmouseleave = () => { tip.hidden = true; };
    root.dataset.drawn = `points|${data.points.length}|${data.bounds.join(",")}`;
  });
}

export default function (component) {
  if (component.data.kind === "points") return renderPoints(component);
  const {data, parentElement, setTriggerValue} = component;
  const root = shell(parentElement, data);
  const holder = root.querySelector(".ti-map-frame");
  const tip = root.querySelector(".ti-map-tip");
  holder.style.maxHeight = data.fill ? "" : `${data.height}px`;
  const items = new Map(data.items.map(([id, name, value, colour]) => [id, {name, value, colour}]));
  return drawLatest(root, holder, Promise.all([layer(data.layer), outlinesOf(data)]), ([shapes, outlines]) => {
    legend(root.querySelector(".ti-map-legend"), data);
    const f = frame(data.bounds);
    const key = `${data.layer}|${data.outlines}|${data.bounds.join(",")}`;
    let svg = holder.querySelector("svg");
    if (!svg || svg.dataset.key !== key) {  // another layer or frame: draw the paths once
      svg = element("svg", {viewBox: `0 0 ${WIDTH} ${f.height}`, preserveAspectRatio: "xMidYMid meet",
                            role: "img", "aria-label": data.label});
      svg.dataset.key = key;
      const fills = element("g", {class: "ti-map-territories"}, svg);
      for (const shape of shapes) {
        element("path", {d: pathOf(shape.rings, f), "data-id": shape.id, class: "territory"}, fills);
      }
      const lines = element("g", {class: "ti-map-outlines"}, svg);
      for (const shape of outlines) element("path", {d: pathOf(shape.rings, f)}, lines);
      const names = element("g", {class: "ti-map-insets"}, svg);
      for (const [name, lon, lat] of data.insets) {
        const [x, y] = mercator([lon, lat]);
        const text = element("text", {x: ((x - f.x0) * f.scale).toFixed(1), y: ((y - f.y0) * f.scale).toFixed(1),
                                      "text-anchor": "end", "dominant-baseline": "middle"}, names);
        text.textContent = name;
      }
      holder.replaceChildren(svg);
      // Inset names keep their size in screen pixels whatever the map's width and zoom.
      svg._dragged = screenSized(root, svg, f, scale => names.setAttribute("font-size", (data.textPx / scale).toFixed(1)));
    }
    for (const path of svg.querySelectorAll("path.territory")) {
      const item = items.get(path.dataset.id);
      path.style.display = item ? "" : "none";
      if (item) path.setAttribute("fill", item.colour);  // the ranking table beside is the accessible equivalent
    }
    svg.onmousemove = event => {
      const item = event.target.classList?.contains("territory") && items.get(event.target.dataset.id);
      if (!item) { tip.hidden = true; return; }
      showTip(root, tip, event, [item.name, `${data.metricLabel} : ${item.value}`]);
    };
    svg.onmouseleave = () => { tip.hidden = true; };
    root.classList.toggle("ti-map-static", data.clickable === false);
    svg.onclick = event => {
      if (data.clickable === false || svg._dragged()) return;  // a slide's map, or the end of a pan: not a choice
      if (event.target.classList?.contains("territory") && items.has(event.target.dataset.id)) {
        setTriggerValue("territory", event.target.dataset.id);
      }
    };
    root.dataset.drawn = key;
  });
}
