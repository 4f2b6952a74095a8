/*! jQuery stand-in for a test */
window.jQuery=function(){return {}};
