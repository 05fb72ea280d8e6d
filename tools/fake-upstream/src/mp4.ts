/** The smallest well-formed MP4 container (ftyp + empty mdat): what result URLs serve. */
export const TINY_MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom', 'ascii'),
  Buffer.from([0, 0, 0x02, 0]),
  Buffer.from('isommp41', 'ascii'),
  Buffer.from([0, 0, 0, 0x08]),
  Buffer.from('mdat', 'ascii'),
]);
