// A Node replica with feathers-sync: node peer.mjs <broker uri> <key>
// Prints READY once subscribed, "heard <json>" per 'messages created' event, and "CONTEXT <json>" with
// the hook context of the Java replica's event; when it hears the Java replica's event it creates one
// of its own; 2 s later prints "COUNTS <json>" and exits.
import { feathers } from '@feathersjs/feathers'
import sync from 'feathers-sync'

const [uri, key] = process.argv.slice(2)
const app = feathers()
app.configure(sync({ uri, key, natsConnectionOptions: {}, amqpConnectionOptions: {} }))
app.use('messages', {
  async create (data) {
    return data
  }
})
const counts = {}
let answered = false
app.service('messages').on('created', async (data, context) => {
  counts[data.from] = (counts[data.from] || 0) + 1
  console.log('heard ' + JSON.stringify(data))
  if (data.from === 'java') {
    // what a listener or a channel reads of the hook context feathers-sync hands it
    const { method, path, type, id } = context || {}
    const { query, provider, user, authentication, headers } = (context && context.params) || {}
    console.log('CONTEXT ' + JSON.stringify({ method, path, type, id, query, provider, user, authentication, headers }))
  }
  if (data.from === 'java' && !answered) {
    answered = true
    await app.service('messages').create({ from: 'node', text: 'hello from node' })
    setTimeout(() => {
      console.log('COUNTS ' + JSON.stringify(counts))
      process.exit(0)
    }, 2000)
  }
})
setTimeout(() => { console.log('TIMEOUT ' + JSON.stringify(counts)); process.exit(1) }, 30000)
await app.sync.ready
console.log('READY')
