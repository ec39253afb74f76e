# -*- coding:utf-8 -*-
# The seed's file client (socketserver-tutorial.txt), its lost line breaks and indentation
# restored. Changed only to run under a test, each change marked "# test:":
#   - the host and port come from argv (default: the seed's 127.0.0.1 9999);
#   - commands are read from standard input, as input() already does, and the end of input
#     quits (the seed would die with EOFError there).
# Files are written relative to the working directory, as in the seed.
__author__ = 'shisanjun'
import os
import sys  # test: argv
import socket
import hashlib

client=socket.socket()
client.connect((sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 9999))  # test: address from argv

while True:
    try:  # test: end of input quits
        cmd=input(">>:").strip()
    except EOFError:  # test: end of input quits
        break  # test: end of input quits
    if len(cmd)==0:continue
    if cmd.startswith("get"):
        client.send(cmd.encode("utf-8")) #给服务器端发送命令
        response=client.recv(1024) #接受服务器相应:文件大小
        total_file_size=int(response.decode("utf-8"))
        client.send(b"read to recv file") #防止粘包,阻塞
        f=open(cmd.split()[1],'wb')
        m=hashlib.md5() #md5验证
        recv_size=0
        while recv_size<total_file_size:
            if total_file_size - recv_size>1024: #判断最后一次接受数据,长度是多少,就收多少,如果还是1024有可能会出现粘包
                size=1024
            else:
                size=total_file_size - recv_size
            recv_data=client.recv(size)
            f.write(recv_data)
            m.update(recv_data)
            recv_size+=len(recv_data) #要以len来计算,最后一次的数据不一定是1024
        else:
            f.close()
            recv_md5=m.hexdigest()
            recv_server_md5=client.recv(1024).decode()
            print("md5 clinet and server", recv_md5,recv_server_md5)
