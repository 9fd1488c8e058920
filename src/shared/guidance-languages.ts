/**
 * The fix in each language's ordinary API: the lines that matter, and where the whole runnable
 * sample lives in the repository (samples/<folder>). Code is not translated; the notes are
 * catalogue keys like the rest of the guidance.
 */
export const LANGUAGES = ['c', 'csharp', 'java', 'python', 'go', 'node', 'rust'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LanguageFix {
  language: Language;
  name: string;
  /** The runnable sample, relative to the repository, and how to run it. */
  sample: string;
  run: string;
  /** The client side of "the client asks the server to close". */
  fixed: string;
  /** The abortive close. */
  abort: string;
  /** One more thing worth knowing in this language, in words. */
  note: string;
}

const ALIASES: Record<string, Language> = {
  c: 'c',
  winsock: 'c',
  'c#': 'csharp',
  cs: 'csharp',
  csharp: 'csharp',
  dotnet: 'csharp',
  '.net': 'csharp',
  java: 'java',
  python: 'python',
  py: 'python',
  go: 'go',
  golang: 'go',
  node: 'node',
  nodejs: 'node',
  js: 'node',
  javascript: 'node',
  typescript: 'node',
  ts: 'node',
  rust: 'rust',
  rs: 'rust',
};

/** The language a name means ("C#", "golang", "js"...), or null. */
export function languageNamed(name: string): Language | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

export const LANGUAGE_FIXES: Record<Language, LanguageFix> = {
  c: {
    language: 'c',
    name: 'C (Winsock and POSIX)',
    sample: 'samples/c/close_sample_winsock.c, samples/c/close_sample.c',
    run: 'cl /O2 close_sample_winsock.c ws2_32.lib && close_sample_winsock fixed',
    fixed: [
      'send(s, "q", 1, 0);                 /* ask the server to close */',
      'while (recv(s, buf, sizeof buf, 0) > 0) {}',
      '/* 0 = the server closed; SOCKET_ERROR (WSAECONNRESET) here means the same */',
      'closesocket(s);                     /* no shutdown(s, SD_SEND) before it */',
    ].join('\n'),
    abort: [
      'struct linger abortive = {1, 0};',
      'setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&abortive, sizeof abortive);',
      'closesocket(s);',
    ].join('\n'),
    note: 'guidance.lang.c.note',
  },
  csharp: {
    language: 'csharp',
    name: 'C# / .NET',
    sample: 'samples/csharp/Program.cs',
    run: 'dotnet run -c Release --project samples/csharp -- fixed',
    fixed: [
      "socket.Send(new byte[] { (byte)'q' });   // ask the server to close",
      'try { while (socket.Receive(buffer) > 0) { } }',
      'catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }',
      'socket.Close();                           // no socket.Shutdown(SocketShutdown.Send) before it',
    ].join('\n'),
    abort: ['socket.LingerState = new LingerOption(true, 0);', 'socket.Close();'].join('\n'),
    note: 'guidance.lang.csharp.note',
  },
  java: {
    language: 'java',
    name: 'Java',
    sample: 'samples/java/CloseSample.java',
    run: 'java samples/java/CloseSample.java fixed',
    fixed: [
      "socket.getOutputStream().write('q');   // ask the server to close",
      'try { while (in.read() != -1) {} }',
      'catch (SocketException e) { }         // "Connection reset" at the end means the end',
      'socket.close();                       // no socket.shutdownOutput() before it',
    ].join('\n'),
    abort: ['socket.setSoLinger(true, 0);', 'socket.close();'].join('\n'),
    note: 'guidance.lang.java.note',
  },
  python: {
    language: 'python',
    name: 'Python',
    sample: 'samples/python/close_sample.py',
    run: 'python samples/python/close_sample.py fixed',
    fixed: [
      's.sendall(b"q")                 # ask the server to close',
      'try:',
      '    while s.recv(64):',
      '        pass',
      'except ConnectionResetError:    # at the end a reset means the end',
      '    pass',
      's.close()                       # no s.shutdown(socket.SHUT_WR) before it',
    ].join('\n'),
    abort: ['s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))', 's.close()'].join(
      '\n',
    ),
    note: 'guidance.lang.python.note',
  },
  go: {
    language: 'go',
    name: 'Go',
    sample: 'samples/go/main.go',
    run: 'cd samples/go && go run . fixed',
    fixed: [
      'conn.Write([]byte("q"))      // ask the server to close',
      'io.Copy(io.Discard, conn)    // to io.EOF, or a reset there: both mean the end',
      'conn.Close()                 // no conn.(*net.TCPConn).CloseWrite() before it',
    ].join('\n'),
    abort: ['conn.(*net.TCPConn).SetLinger(0)', 'conn.Close()'].join('\n'),
    note: 'guidance.lang.go.note',
  },
  node: {
    language: 'node',
    name: 'Node.js',
    sample: 'samples/node/close-sample.mjs',
    run: 'node samples/node/close-sample.mjs fixed',
    fixed: [
      "socket.write('q');                               // ask the server to close",
      "socket.on('error', () => {});                    // a reset at the end means the end",
      "socket.once('end', () => socket.destroy());      // the server closed: now close",
      'socket.resume();                                 // never socket.end() first',
    ].join('\n'),
    abort: 'socket.resetAndDestroy();   // Node 16.17 or later',
    note: 'guidance.lang.node.note',
  },
  rust: {
    language: 'rust',
    name: 'Rust',
    sample: 'samples/rust/src/main.rs',
    run: 'cd samples/rust && cargo run --release -- fixed',
    fixed: [
      'stream.write_all(b"q")?;                               // ask the server to close',
      'while matches!(stream.read(&mut buf), Ok(n) if n > 0) {} // Ok(0) or a reset: the end',
      'drop(stream);                                          // no shutdown(Shutdown::Write) before it',
    ].join('\n'),
    abort: [
      '// with the socket2 crate:',
      'socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO))?;',
      'drop(stream);',
    ].join('\n'),
    note: 'guidance.lang.rust.note',
  },
};

/** The notes' English words, keyed like the rest of the guidance catalogue. */
export const LANGUAGE_NOTES = {
  'guidance.lang.c.note':
    'On Windows the client’s port is taken at connect (or at an explicit bind), so the failure can come as WSAEADDRINUSE (10048) from connect or WSAENOBUFS (10055) from bind.',
  'guidance.lang.csharp.note':
    'With HttpClient the same problem comes from a new HttpClient or handler per request: keep one HttpClient for the program’s life, with a SocketsHttpHandler whose PooledConnectionLifetime is set, so connections are pooled and reused.',
  'guidance.lang.java.note':
    'java.net.http.HttpClient and most HTTP libraries pool connections already; the problem comes back with a new client, or a "Connection: close" header, per request.',
  'guidance.lang.python.note':
    'With requests or urllib3, one Session (or PoolManager) for many requests reuses connections; a new one per request opens and closes a connection each time.',
  'guidance.lang.go.note':
    'net/http reuses connections only when each response body is read to the end and closed; one http.Client (or Transport) for the program’s life.',
  'guidance.lang.node.note':
    'socket.end() is shutdown(SD_SEND), a half-close that makes the client the side that closes first; for HTTP, an http.Agent with keepAlive: true reuses connections.',
  'guidance.lang.rust.note':
    'std’s TcpStream::set_linger is not stable yet: the socket2 crate sets SO_LINGER; for HTTP, one reqwest::Client (or hyper pool) reuses connections.',
} as const satisfies Record<string, string>;

export type LanguageNoteKey = keyof typeof LANGUAGE_NOTES;

/** A language's note, in the catalogue's words (English unless a translation is given). */
export function languageNote(
  fix: LanguageFix,
  t: (key: LanguageNoteKey) => string = (k) => LANGUAGE_NOTES[k],
): string {
  return t(fix.note as LanguageNoteKey);
}
