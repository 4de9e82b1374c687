export * from './clients'
export * from './http'
export * from './service'
export * from './wire'
