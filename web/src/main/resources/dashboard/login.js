'use strict';
// The sign-in page: JSON to POST /login; the server sets an HttpOnly session cookie and a CSRF cookie.
document.getElementById('login').addEventListener('submit', async event => {
  event.preventDefault();
  const message = document.getElementById('message');
  message.hidden = true;
  const response = await fetch('/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
    body: JSON.stringify({ name: document.getElementById('name').value, password: document.getElementById('password').value }),
  });
  if (response.ok) {
    location.href = '/' + location.hash;
    return;
  }
  let body = {};
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  message.textContent = (body['错误'] || '登录失败') + ' / ' + (body.error || 'sign-in failed');
  message.hidden = false;
});
