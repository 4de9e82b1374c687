export * from './model'
export * from './validate'
export * from './store'
export * from './managed'
