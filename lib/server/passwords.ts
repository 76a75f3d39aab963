import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";

const COST = 12;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
export const generatePassword = () => randomBytes(12).toString("base64url");
