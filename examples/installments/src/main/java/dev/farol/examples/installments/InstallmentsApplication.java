package dev.farol.examples.installments;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Installments: payment transfers (REST API) and bookkeeping events (HTTP API) of one Spring Boot app. */
@SpringBootApplication
public class InstallmentsApplication {
  public static void main(String[] args) {
    SpringApplication.run(InstallmentsApplication.class, args);
  }
}
