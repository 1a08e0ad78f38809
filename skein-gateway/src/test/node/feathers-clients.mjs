// The official Feathers 5 clients against a Skein gateway: node feathers-clients.mjs <gateway url>
// Prints one line per check ("ok <what>") and exits 0, or prints "FAILED <what>: <why>" and exits 1.
import { feathers } from '@feathersjs/feathers'
import socketio from '@feathersjs/socketio-client'
import rest from '@feathersjs/rest-client'
import authentication, { MemoryStorage } from '@feathersjs/authentication-client'
import { io } from 'socket.io-client'

const url = process.argv[2]
const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error('timed out: ' + what)), ms))
const within = (promise, what, ms = 10000) => Promise.race([promise, timeout(ms, what)])
const check = (cond, what) => { if (!cond) throw new Error(what) }
const ok = (what) => console.log('ok ' + what)

function client (options = {}) {
  const socket = io(url, { reconnectionDelay: 100, reconnectionDelayMax: 500, ...options })
  const app = feathers()
  app.configure(socketio(socket))
  app.configure(authentication({ storage: new MemoryStorage() }))
  app.use('jobs', socketio(socket).service('jobs'), { methods: ['find', 'get', 'create', 'update', 'patch', 'remove', 'archive'] })
  return { app, socket }
}

async function main () {
  // a listener on the WebSocket transport alone, and a caller that starts with long-polling and upgrades (the default)
  const listener = client({ transports: ['websocket'] })
  const caller = client()
  const heard = []
  for (const event of ['created', 'updated', 'patched', 'removed']) {
    listener.app.service('todos').on(event, (data) => heard.push(event + ' ' + data.text))
  }
  await within(new Promise((resolve) => listener.socket.on('connect', resolve)), 'the listener connects')
  await within(new Promise((resolve) => caller.socket.on('connect', resolve)), 'the caller connects')
  ok('both clients connected (websocket; polling then upgrade)')
  // with authentication on the gateway, events go to authenticated connections (as Feathers' default channels)
  await within(listener.app.authenticate({ strategy: 'local', email: 'ada@example.com', password: 's3cret!' }), 'the listener logs in')

  const todos = caller.app.service('todos')
  const created = await within(todos.create({ text: 'write', done: false }), 'create')
  check(created.id !== undefined && created.text === 'write', 'create answers the record: ' + JSON.stringify(created))
  const got = await within(todos.get(created.id), 'get')
  check(got.text === 'write', 'get: ' + JSON.stringify(got))
  const patched = await within(todos.patch(created.id, { done: true }), 'patch')
  check(patched.done === true && patched.text === 'write', 'patch: ' + JSON.stringify(patched))
  const updated = await within(todos.update(created.id, { text: 'rewrite', done: false }), 'update')
  check(updated.text === 'rewrite', 'update: ' + JSON.stringify(updated))
  const found = await within(todos.find({ query: { done: false } }), 'find')
  check(Array.isArray(found) && found.length === 1 && found[0].text === 'rewrite', 'find with a query: ' + JSON.stringify(found))
  const removed = await within(todos.remove(created.id), 'remove')
  check(removed.text === 'rewrite', 'remove: ' + JSON.stringify(removed))
  ok('find, get, create, update, patch and remove over Socket.IO')

  const archived = await within(caller.app.service('jobs').archive({ id: 7 }), 'custom method')
  check(archived.archived && archived.archived.id === 7, 'custom method: ' + JSON.stringify(archived))
  ok('a custom method over Socket.IO')

  try {
    await within(todos.get('no-such-id'), 'get of a missing id')
    throw new Error('get of a missing id succeeded')
  } catch (error) {
    check(error.name === 'NotFound' && error.code === 404 && error.className === 'not-found', 'error shape: ' + JSON.stringify(error))
  }
  ok('a NotFound error with Feathers\' shape')

  const start = Date.now()
  while (heard.length < 4 && Date.now() - start < 5000) await new Promise((resolve) => setTimeout(resolve, 20))
  check(JSON.stringify(heard) === JSON.stringify(['created write', 'patched write', 'updated rewrite', 'removed rewrite']),
    'every standard event reaches the other client once, in order: ' + JSON.stringify(heard))
  ok('created, patched, updated and removed reached the second client')

  // authentication: a protected service refuses an anonymous socket, then serves it once it logged in
  try {
    await within(caller.app.service('secrets').find(), 'anonymous call')
    throw new Error('an anonymous call of a protected service succeeded')
  } catch (error) {
    check(error.name === 'NotAuthenticated' && error.code === 401, 'NotAuthenticated expected: ' + JSON.stringify(error))
  }
  ok('a protected service answers NotAuthenticated to an anonymous socket')
  try {
    await within(caller.app.authenticate({ strategy: 'local', email: 'ada@example.com', password: 'wrong' }), 'bad login')
    throw new Error('a wrong password authenticated')
  } catch (error) {
    check(error.name === 'NotAuthenticated', 'bad login: ' + JSON.stringify(error))
  }
  const login = await within(caller.app.authenticate({ strategy: 'local', email: 'ada@example.com', password: 's3cret!' }), 'login')
  check(typeof login.accessToken === 'string' && login.user && login.user.email === 'ada@example.com' && !login.user.password,
    'login answers a token and the user without its password: ' + JSON.stringify(login))
  const secrets = await within(caller.app.service('secrets').find(), 'authenticated call')
  check(secrets.user === 'ada@example.com', 'the service sees the socket\'s user: ' + JSON.stringify(secrets))
  ok('local login over the socket; later calls carry the user')

  // the connection drops: the client reconnects and re-authenticates by itself (its stored token)
  caller.socket.io.engine.close()
  await within(new Promise((resolve) => caller.socket.once('connect', resolve)), 'reconnect')
  const again = await within(caller.app.service('secrets').find(), 'call after reconnecting')
  check(again.user === 'ada@example.com', 'after reconnecting: ' + JSON.stringify(again))
  ok('after a reconnect the socket is authenticated again')

  await within(caller.app.logout(), 'logout')
  try {
    await within(caller.app.service('secrets').find(), 'call after logout')
    throw new Error('a call after logout succeeded')
  } catch (error) {
    check(error.name === 'NotAuthenticated', 'after logout: ' + JSON.stringify(error))
  }
  ok('after logout the socket is anonymous again')

  // the REST client, the same calls and the same error shape
  const restApp = feathers().configure(rest(url).fetch(fetch)).configure(authentication({ storage: new MemoryStorage() }))
  const viaRest = await within(restApp.service('todos').create({ text: 'over rest' }), 'rest create')
  check(viaRest.text === 'over rest', 'rest create: ' + JSON.stringify(viaRest))
  const restFound = await within(restApp.service('todos').find({ query: { text: 'over rest' } }), 'rest find')
  check(restFound.length === 1, 'rest find: ' + JSON.stringify(restFound))
  await within(restApp.authenticate({ strategy: 'local', email: 'ada@example.com', password: 's3cret!' }), 'rest login')
  const restSecrets = await within(restApp.service('secrets').find(), 'rest authenticated call')
  check(restSecrets.user === 'ada@example.com', 'rest secrets: ' + JSON.stringify(restSecrets))
  try {
    await within(restApp.service('todos').get('no-such-id'), 'rest get missing')
    throw new Error('rest get of a missing id succeeded')
  } catch (error) {
    check(error.name === 'NotFound' && error.code === 404, 'rest error shape: ' + JSON.stringify(error))
  }
  ok('the REST client: calls, login, errors')

  listener.socket.close()
  caller.socket.close()
}

main().then(() => { console.log('ALL OK'); process.exit(0) }, (error) => { console.log('FAILED ' + (error && error.stack || error)); process.exit(1) })
