// Beacon's main script: enables GOV.UK Frontend components and keeps work lists current. No inline script is
// allowed by the CSP.
import { initAll } from '/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
}
initAll()

// GOV.UK Frontend marks a radio that reveals a question with aria-expanded, which ARIA does not allow on a radio
// (axe: aria-allowed-attr); the revealed question follows the radio in the page, so the state is dropped, and dropped
// again after each choice (the component sets it on click).
const dropExpanded = () => document.querySelectorAll('.govuk-radios__input[aria-expanded]').forEach((radio) => radio.removeAttribute('aria-expanded'))
dropExpanded()
document.addEventListener('click', dropExpanded)
document.addEventListener('change', dropExpanded)

// Report charts (ADR 33): the chart library is loaded only on pages that have a chart.
if (document.querySelector('[data-chart]')) {
  import('/js/charts.js')
}

// Live work lists (issue #7 §4): an element with data-live-refresh="N" is fetched again from the same address every
// N seconds and replaced when it has changed, with the alerts count in the header. Plain polling of the page itself
// works through any load balancer and needs no server state. The request is marked so it does not extend the sign-in
// session; while the user's focus is inside the list it is left alone, and a polite status message announces changes.
const live = document.querySelector('[data-live-refresh][id]')
if (live) {
  const seconds = Math.max(1, Number(live.dataset.liveRefresh) || 20)
  const status = document.getElementById('live-status')
  const replace = (id, doc) => {
    const fresh = doc.getElementById(id)
    const current = document.getElementById(id)
    if (!fresh || !current || fresh.innerHTML === current.innerHTML) return false
    current.innerHTML = fresh.innerHTML
    return true
  }
  const refresh = async () => {
    if (document.hidden || live.contains(document.activeElement)) return
    try {
      const response = await fetch(window.location.href, { headers: { 'X-Beacon-Live': '1' }, cache: 'no-store', redirect: 'error' })
      if (!response.ok) return
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html')
      replace('alert-count', doc)
      if (replace(live.id, doc) && status) {
        status.textContent = live.dataset.liveMessage || 'This list has been updated'
      }
      // A region that has reached its final state (e.g. a finished import) stops asking.
      const fresh = doc.getElementById(live.id)
      if (fresh && !fresh.hasAttribute('data-live-refresh')) clearInterval(timer)
    } catch {
      // Offline, signed out or the server is restarting: try again next time.
    }
  }
  const timer = setInterval(refresh, seconds * 1000)
}
