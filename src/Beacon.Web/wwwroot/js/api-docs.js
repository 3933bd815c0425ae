// The API documentation page (Swagger UI; issue #17 §9, ADR 35). Swagger UI's markup lacks a few things assistive
// technology needs; as it renders (and re-renders), this names its regions and its server list and sets its headings
// in order under the page's h1: operation groups and the schemas at level 2, the parts of an operation at level 3.
const root = document.getElementById('swagger-ui')
const fix = () => {
  const set = (selector, name, value) => root.querySelectorAll(selector).forEach(e => {
    if (e.getAttribute(name) !== value) e.setAttribute(name, value)
  })
  set('.information-container', 'role', 'region')
  set('.information-container', 'aria-label', 'About the API')
  set('.scheme-container', 'role', 'region')
  set('.scheme-container', 'aria-label', 'Server and authorisation')
  set('.filter-container', 'role', 'region')
  set('.filter-container', 'aria-label', 'Filter')
  set('select#servers', 'aria-label', 'Server')
  set('h3.opblock-tag, section.models > h4, .models-control h4', 'aria-level', '2')
  set('.opblock h4, .opblock h5, .models h4:not(section.models > h4), .model-container h4', 'aria-level', '3')
}
if (root) {
  new MutationObserver(fix).observe(root, { childList: true, subtree: true })
  fix()
}
