"""A tiny real SMTP server on 127.0.0.1 for the retry tests: it answers
every connection with 451 (try again later) while `refusing`, and otherwise
speaks just enough SMTP to take a message. Django's own SMTP backend talks to
it over a socket; nothing of ours is replaced."""

import contextlib
import socket
import threading
from email import message_from_bytes


class SmtpServer:
    def __init__(self):
        self.refusing = True
        self.connections = 0
        self.received = []  # email.message.Message, as the server got them
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self):
        self._stop.set()
        self._thread.join()
        self._socket.close()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _address = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(5)
                with contextlib.suppress(OSError):  # a client that hung up
                    self._talk(conn)

    def _talk(self, conn):
        reader = conn.makefile("rb")

        def say(line):
            conn.sendall(line.encode() + b"\r\n")

        if self.refusing:
            say("451 4.3.0 Mail server busy, try again later")
            return
        say("220 localhost ESMTP test")
        while True:
            line = reader.readline()
            if not line:
                return
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                say("250 localhost")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                say("250 OK")
            elif command == "DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := reader.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.received.append(message_from_bytes(data))
                say("250 OK queued")
            elif command == "QUIT":
                say("221 Bye")
                return
            else:
                say("502 Command not implemented")
