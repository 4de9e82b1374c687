// electron-vite builds `import path from './x?modulePath'` as a separate bundle and gives its
// path at run time (used for worker-thread entries); the type is declared here so the node
// project needs no global electron-vite types.
declare module '*?modulePath' {
  const path: string
  export default path
}
