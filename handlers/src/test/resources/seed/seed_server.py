# -*- coding:utf-8 -*-
# The seed's file server (socketserver-tutorial.txt), its lost line breaks and indentation
# restored. Changed only to run under a test, each change marked "# test:":
#   - the host and port come from argv (default: the seed's 127.0.0.1 9999), so port 0 works;
#   - the bound port is printed (and flushed) once listening, so the test knows where to connect.
# Files are opened relative to the working directory, as in the seed: the test starts it in the
# served directory.
__author__ = 'shisanjun'
import os
import sys  # test: argv
import hashlib
import socketserver


class MyServer(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            try:
                data=self.request.recv(1024)
            except ConnectionResetError as e:
                print(e)
            if not data: #客户端断开会传个空值过来,会导致进入死循环
                print("客户端断开连接")
                break
            cmd,filename=data.decode("utf-8").split()
            print(filename)
            if os.path.isfile(filename):
                f=open(filename,'rb')
                m=hashlib.md5() #MD5验证
                file_size=os.stat(filename).st_size #获取文件大小
                self.request.send(str(file_size).encode()) #给客户端发送文件大小
                self.request.recv(1024) #阻塞 因为有两次send,防止出现“粘包”
                for line in f:
                    m.update(line)
                    self.request.send(line)
                else:
                    f.close()
                    print("file md5 ",m.hexdigest())
                    print("send done")
                    self.request.send(m.hexdigest().encode()) #给客户端发送md5验证值

if __name__=="__main__":
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"  # test: address from argv
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 9999  # test: address from argv
    # server=socketserver.TCPServer(("127.0.0.1",9999),MyServer) #单线程
    server=socketserver.ThreadingTCPServer((host,port),MyServer) #多线程
    print(server.server_address[1], flush=True)  # test: report the bound port
    server.serve_forever()
