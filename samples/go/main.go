// Client-first close versus "the client asks the server to close", with package net.
//
//	go run . naive|fixed|abort [connections] [port]
//
// naive: the client closes first, so its side keeps each local port in TIME_WAIT; on Windows
// Dial fails (bind: Only one usage of each socket address...) once the ports are used up.
// fixed: the client writes one byte asking the server to close, the server closes first, the
// client reads to the end (io.EOF), ignores a read error there (connection reset), then closes.
// abort: the client calls SetLinger(0) before Close: a reset, no TIME_WAIT, unsent data lost.
// Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
)

func serve(listener net.Listener, mode string) {
	for {
		conn, err := listener.Accept()
		if err != nil {
			continue
		}
		buf := make([]byte, 64)
		if mode == "fixed" {
			conn.Read(buf[:1]) // the client's request to close: close first, TIME_WAIT stays here
		} else {
			io.Copy(io.Discard, conn) // wait for the client's close: the client closes first
		}
		conn.Close()
	}
}

func connectOnce(address, mode string) error {
	conn, err := net.Dial("tcp4", address)
	if err != nil {
		return err
	}
	switch mode {
	case "fixed":
		conn.Write([]byte("q")) // "please close"; never conn.(*net.TCPConn).CloseWrite() here
		// io.Copy stops at io.EOF (the server closed) or at an error such as a reset: both mean "done".
		io.Copy(io.Discard, conn)
	case "abort":
		conn.(*net.TCPConn).SetLinger(0)
	}
	return conn.Close()
}

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "naive" && os.Args[1] != "fixed" && os.Args[1] != "abort") {
		fmt.Fprintln(os.Stderr, "usage: close_sample naive|fixed|abort [connections] [port]")
		os.Exit(2)
	}
	mode := os.Args[1]
	count, port := 50000, 40000
	if len(os.Args) > 2 {
		count, _ = strconv.Atoi(os.Args[2])
	}
	if len(os.Args) > 3 {
		port, _ = strconv.Atoi(os.Args[3])
	}
	address := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	listener, err := net.Listen("tcp4", address)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cannot listen on port %d: %v\n", port, err)
		os.Exit(2)
	}
	go serve(listener, mode)
	for i := 0; i < count; i++ {
		if err := connectOnce(address, mode); err != nil {
			fmt.Printf("connect failed after %d connections: %v\n", i, err)
			os.Exit(1)
		}
	}
	fmt.Printf("ok: %d connections\n", count)
}
