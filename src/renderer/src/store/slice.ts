import type { StoreApi } from 'zustand/vanilla'
import type { JuxtaState, StoreDependencies } from './types'

export type SetState = StoreApi<JuxtaState>['setState']
export type GetState = StoreApi<JuxtaState>['getState']

/** A slice of the store: its part of the state and actions, made with the whole store's set and get. */
export type Slice<T> = (set: SetState, get: GetState, deps: Required<StoreDependencies>) => T
