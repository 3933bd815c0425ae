// Report charts (ADR 33): each <div data-chart> holds a chart's figures and words as JSON, written by ChartFigure.cs.
// Apache ECharts draws it as SVG (its SVG renderer sets styles through the CSSOM, which the CSP allows; no <style>
// element, no style attribute, no HTML tooltip). The SVG is then named for screen readers (role, title, description);
// the figures are also in a table beside or below it, so nothing depends on this script.
import * as echarts from '/lib/echarts.esm.min.js'

const palette = ['#1d70b8', '#00703c', '#d4351c', '#4c2c92', '#f47738', '#505a5f', '#28a197', '#912b88']
const ink = '#0b0c0c'
const rule = '#b1b4b6'
const missing = v => (v === null || v === undefined ? '-' : v)

// How many lines the legend takes at this width (ECharts wraps it but does not move the plot down to make room).
function legendLines (spec, fontFamily, width) {
  const context = document.createElement('canvas').getContext('2d')
  context.font = `14px ${fontFamily}`
  let lines = 1
  let used = 0
  for (const s of spec.series) {
    const item = 14 + 7 + context.measureText(s.name).width + 24
    if (used > 0 && used + item > width) {
      lines++
      used = 0
    }
    used += item
  }
  return lines
}

function option (spec, fontFamily, width) {
  const text = { fontFamily, color: ink, fontSize: 14 }
  const colours = spec.series.map((s, i) => s.colour || palette[i % palette.length])
  const base = {
    animation: false,
    textStyle: text,
    color: colours,
    tooltip: { show: false },
    legend: {
      show: spec.series.length > 1,
      top: 0,
      left: 0,
      icon: 'rect',
      itemWidth: 14,
      itemHeight: 14,
      itemGap: 24,
      selectedMode: false,
      textStyle: { ...text, padding: [0, 0, 0, 2] }
    }
  }
  const top = spec.series.length > 1 ? 20 + 26 * legendLines(spec, fontFamily, width) : 16
  if (spec.kind === 'Star') {
    return {
      ...base,
      radar: {
        center: ['50%', `${50 + (top / 2 / (spec.height || 430)) * 100}%`],
        radius: '62%',
        indicator: spec.categories.map(name => ({ name, min: spec.min ?? 0, max: spec.max ?? 10 })),
        axisName: { ...text, fontSize: 13 },
        splitNumber: 5,
        splitLine: { lineStyle: { color: rule } },
        splitArea: { show: false },
        axisLine: { lineStyle: { color: rule } }
      },
      series: [{
        type: 'radar',
        silent: true,
        data: spec.series.map((s, i) => ({
          name: s.name,
          value: s.values.map(missing),
          symbol: s.dashed ? 'rect' : 'circle',
          symbolSize: 8,
          lineStyle: { width: 3, type: s.dashed ? 'dashed' : 'solid', color: colours[i] },
          itemStyle: { color: colours[i] },
          areaStyle: s.dashed ? undefined : { color: colours[i], opacity: 0.12 }
        }))
      }]
    }
  }
  const line = spec.kind === 'Lines'
  return {
    ...base,
    grid: { top, left: 48, right: 16, bottom: 32 },
    xAxis: { type: 'category', data: spec.categories, axisLabel: { ...text, interval: 0, hideOverlap: true }, axisLine: { lineStyle: { color: ink } }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', min: spec.min, max: spec.max, minInterval: 1, axisLabel: text, splitLine: { lineStyle: { color: rule } } },
    series: spec.series.map((s, i) => ({
      type: line ? 'line' : 'bar',
      name: s.name,
      data: s.values.map(missing),
      silent: true,
      stack: spec.kind === 'StackedBars' ? 'total' : undefined,
      barMaxWidth: 48,
      symbol: s.dashed ? 'rect' : 'circle',
      symbolSize: 9,
      lineStyle: { width: 3, type: s.dashed ? 'dashed' : 'solid' },
      label: { show: spec.kind !== 'StackedBars', position: 'top', ...text, fontSize: 12, formatter: p => (p.value ? String(p.value) : '') }
    }))
  }
}

// Names the SVG from the chart's own words and makes it scale with the page (and the printed page) by its viewBox.
function describe (drawing, spec) {
  const svg = drawing.querySelector('svg')
  if (!svg) return
  const ns = 'http://www.w3.org/2000/svg'
  const id = drawing.parentElement.id || spec.id
  for (const [tag, words] of [['title', spec.title], ['desc', spec.description]]) {
    let node = svg.querySelector(`:scope > ${tag}`)
    if (!node) {
      node = document.createElementNS(ns, tag)
      node.id = `${id}-svg-${tag}`
      svg.insertBefore(node, svg.firstChild)
    }
    node.textContent = words
  }
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-labelledby', `${id}-svg-title`)
  svg.setAttribute('aria-describedby', `${id}-svg-desc`)
  svg.setAttribute('viewBox', `0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`)
  svg.setAttribute('class', 'beacon-chart__svg')
  svg.setAttribute('focusable', 'false')
}

// The GOV.UK font of the page's text (the body element itself has the browser's default font).
const govukFont = () => {
  const sample = document.querySelector('.govuk-body, .govuk-body-s, .govuk-heading-l')
  return sample ? window.getComputedStyle(sample).fontFamily : 'arial, sans-serif'
}

const charts = []
const fontFamily = govukFont()
for (const drawing of document.querySelectorAll('[data-chart]')) {
  const spec = JSON.parse(drawing.dataset.chart)
  drawing.style.height = `${spec.height || 280}px`
  const chart = echarts.init(drawing, null, { renderer: 'svg' })
  chart.setOption(option(spec, fontFamily, drawing.clientWidth))
  describe(drawing, spec)
  charts.push([chart, drawing, spec])
}

let pending
window.addEventListener('resize', () => {
  clearTimeout(pending)
  pending = setTimeout(() => {
    for (const [chart, drawing, spec] of charts) {
      chart.setOption(option(spec, fontFamily, drawing.clientWidth))
      chart.resize()
      describe(drawing, spec)
    }
  }, 200)
})
