package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Expr;

/**
 * Where a module variable's value comes from: a module call's argument (evaluated in the caller's
 * scope), a {@code .tfvars} assignment or a {@code -var} (evaluated with no scope).
 *
 * @param path how reports name that place ({@code module.lambda.lambda_handler}, {@code name (prod.tfvars)})
 */
record Binding(Expr expr, ConfigFile file, TfScope scope, String path) {}
