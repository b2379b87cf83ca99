package dev.tcpswarm.cli;
public final class TcpSwarm { public static void main(String[] a) { System.out.println("hi"); } }
