//! Client-first close versus "the client asks the server to close", with std::net.
//!
//!   cargo run --release -- naive|fixed|abort [connections] [port]
//!   (or: rustc -O src/main.rs -o close_sample && ./close_sample naive)
//!
//! naive: the client closes first (drop), so its side keeps each local port in TIME_WAIT; on
//!        Windows connect fails (os error 10048) once the ports are used up.
//! fixed: the client writes one byte asking the server to close, the server closes first, the
//!        client reads to the end (Ok(0)), ignores a read error there (ConnectionReset), then drops.
//! abort: the client sets SO_LINGER 0 before it drops the stream: a reset, no TIME_WAIT, unsent
//!        data lost. std's TcpStream::set_linger is not stable yet, so this calls setsockopt
//!        itself; with the socket2 crate it is `SockRef::from(&stream).set_linger(Some(Duration::ZERO))`.
//! Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::exit;
use std::thread;

fn serve(listener: TcpListener, fixed: bool) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut buf = [0u8; 64];
        if fixed {
            // The client's request to close: close first (drop), so TIME_WAIT stays here.
            let _ = stream.read(&mut buf[..1]);
        } else {
            // Wait for the client's close, so that the client is the side that closes first.
            while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
        }
    }
}

fn connect_once(port: u16, mode: &str) -> std::io::Result<()> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    match mode {
        "fixed" => {
            // "please close"; never stream.shutdown(Shutdown::Write) here
            stream.write_all(b"q")?;
            let mut buf = [0u8; 64];
            // Ok(0) is the end; an error (ConnectionReset) at the end means the same.
            while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
        }
        "abort" => abortive(&stream),
        _ => {}
    }
    Ok(()) // dropping the stream closes it
}

#[cfg(unix)]
fn abortive(stream: &TcpStream) {
    use std::os::fd::AsRawFd;
    #[repr(C)]
    struct Linger {
        l_onoff: i32,
        l_linger: i32,
    }
    extern "C" {
        fn setsockopt(fd: i32, level: i32, name: i32, value: *const Linger, len: u32) -> i32;
    }
    // SOL_SOCKET and SO_LINGER: 1 and 13 on Linux; 0xffff and 0x80 on macOS and the BSDs.
    let (level, name) = if cfg!(target_os = "linux") {
        (1, 13)
    } else {
        (0xffff, 0x80)
    };
    let linger = Linger {
        l_onoff: 1,
        l_linger: 0,
    };
    unsafe {
        setsockopt(
            stream.as_raw_fd(),
            level,
            name,
            &linger,
            std::mem::size_of::<Linger>() as u32,
        )
    };
}

#[cfg(windows)]
fn abortive(stream: &TcpStream) {
    use std::os::windows::io::AsRawSocket;
    #[repr(C)]
    struct Linger {
        l_onoff: u16,
        l_linger: u16,
    }
    #[link(name = "ws2_32")]
    extern "system" {
        fn setsockopt(s: usize, level: i32, name: i32, value: *const Linger, len: i32) -> i32;
    }
    let linger = Linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SOL_SOCKET 0xffff, SO_LINGER 0x0080
    unsafe { setsockopt(stream.as_raw_socket() as usize, 0xffff, 0x80, &linger, 4) };
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    if !["naive", "fixed", "abort"].contains(&mode) {
        eprintln!("usage: close_sample naive|fixed|abort [connections] [port]");
        exit(2);
    }
    let count: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50000);
    let port: u16 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(40000);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap_or_else(|e| {
        eprintln!("cannot listen on port {port}: {e}");
        exit(2);
    });
    let fixed = mode == "fixed";
    thread::spawn(move || serve(listener, fixed));
    for i in 0..count {
        if let Err(e) = connect_once(port, mode) {
            println!("connect failed after {i} connections: {e}");
            exit(1);
        }
    }
    println!("ok: {count} connections");
}
