import type { LoginBody, StaffUser } from '@uwe/schema';
import { request } from './http.ts';

export const login = (body: LoginBody) => request<StaffUser>('POST', '/api/auth/login', body);
export const logout = () => request<void>('POST', '/api/auth/logout');
export const me = () => request<StaffUser>('GET', '/api/auth/me');
