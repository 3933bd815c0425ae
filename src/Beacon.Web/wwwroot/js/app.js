// Beacon's only script: enables GOV.UK Frontend components. No inline script is allowed by the CSP.
import { initAll } from '/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
}
initAll()
